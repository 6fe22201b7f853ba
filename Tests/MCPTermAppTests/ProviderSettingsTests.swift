import MCPTermApp
import XCTest

final class ProviderSettingsTests: XCTestCase {
    private func resolve(provider: String? = nil, baseURL: String? = nil, model: String? = nil, env: [String: String] = [:])
        -> Result<ModelDescription?, ProviderSettingsError>
    {
        ProviderSettings.resolve(LaunchOptions(provider: provider, baseURL: baseURL, model: model, workingDirectory: "/", environment: env))
    }

    func testNothingConfiguredMeansNoModel() {
        XCTAssertEqual(try resolve().get(), nil)
    }

    func testFlagsBeatEnvironment() throws {
        let model = try resolve(provider: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m",
                                env: ["OPENAI_BASE_URL": "http://other/v1"]).get()
        XCTAssertEqual(model, ModelDescription(provider: "openai", model: "m", baseURL: "http://127.0.0.1:9/v1"))
    }

    func testBaseURLFromEnvironmentNeedsAModel() {
        guard case .failure(let error) = resolve(env: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1"]) else { return XCTFail() }
        XCTAssertEqual(error.description, "--model is required with --base-url http://127.0.0.1:9/v1 (which model does that server serve?)")
    }

    func testKeyAloneUsesOpenAIDefaults() throws {
        let model = try resolve(env: ["OPENAI_API_KEY": "sk-test"]).get()
        XCTAssertEqual(model?.baseURL, "https://api.openai.com/v1")
        XCTAssertEqual(model?.model, "gpt-4o-mini")
    }

    func testUnsupportedProviderIsNamed() {
        guard case .failure(let error) = resolve(provider: "bard") else { return XCTFail() }
        XCTAssertEqual(error.description, "--provider \"bard\" is not supported yet (supported: openai)")
    }

    func testBaseURLMustBeHTTP() {
        guard case .failure(let error) = resolve(baseURL: "localhost:8080", model: "m") else { return XCTFail() }
        XCTAssertTrue(error.description.contains("must start with http://"))
    }
}
