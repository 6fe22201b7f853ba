import LLM
import XCTest

/// Asserts that a stream failed as `ProviderError.badStream` with a message that names the
/// provider: a reply cut short must not look complete, and the user must see whose it was.
func XCTAssertBadStream(_ error: Error?, naming provider: String, file: StaticString = #filePath, line: UInt = #line) {
    guard case .badStream(let message) = error as? ProviderError else {
        return XCTFail("expected badStream, got \(String(describing: error))", file: file, line: line)
    }
    XCTAssertTrue(message.contains(provider), message, file: file, line: line)
}
