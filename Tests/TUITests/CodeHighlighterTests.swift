@testable import TUI
import XCTest

/// The table-driven highlighter: each language's comments, strings, numbers and words.
final class CodeHighlighterTests: XCTestCase {
    /// The non-plain tokens as "kind:text".
    private func marked(_ code: String, _ info: String) throws -> [String] {
        let language = try XCTUnwrap(CodeLanguage.named(info), "no language for \(info)")
        let tokens = CodeHighlighter.tokens(code, language: language)
        XCTAssertEqual(tokens.map(\.text).joined(), code, "tokens cover the code exactly")
        return tokens.compactMap { token in token.kind.map { "\($0.rawValue):\(token.text)" } }
    }

    func testJSONKeysStringsNumbersAndConstants() throws {
        XCTAssertEqual(try marked(#"{"名前": "東京", "n": -1.5e3, "ok": true, "x": null}"#, "json"), [
            #"property:"名前""#, #"string:"東京""#, #"property:"n""#, "number:1.5e3", #"property:"ok""#,
            "constant:true", #"property:"x""#, "constant:null",
        ])
    }

    func testSwift() throws {
        XCTAssertEqual(try marked("let s: String = \"a\\\"b\" /* c */ for i in 0..<10 {}", "swift"), [
            "keyword:let", "type:String", #"string:"a\"b""#, "comment:/* c */", "keyword:for", "keyword:in",
            "number:0", "number:10",
        ])
    }

    func testPythonTripleQuotedStringsSpanLines() throws {
        XCTAssertEqual(try marked("def f(x):\n    \"\"\"doc\n    more\"\"\"\n    return None  # done", "py"), [
            "keyword:def", "string:\"\"\"doc\n    more\"\"\"", "keyword:return", "constant:None", "comment:# done",
        ])
    }

    func testShellVariablesCommentsAndQuotes() throws {
        XCTAssertEqual(try marked("if [ -n \"$HOME\" ]; then echo ${X}#no; fi # yes", "bash"), [
            "keyword:if", "string:\"$HOME\"", "keyword:then", "keyword:echo", "variable:${X}", "keyword:fi",
            "comment:# yes",
        ])
    }

    func testJavaScriptAndTypeScriptTemplateStrings() throws {
        XCTAssertEqual(try marked("const $el: number = `a\nb` // c", "ts"), [
            "keyword:const", "type:number", "string:`a\nb`", "comment:// c",
        ])
    }

    func testGoRawStringsAndRunes() throws {
        XCTAssertEqual(try marked("func main() { s := `raw\\n` + string('x'); return nil }", "go"), [
            "keyword:func", "string:`raw\\n`", "type:string", "string:'x'", "keyword:return", "constant:nil",
        ])
    }

    func testRustLifetimesAreNotStrings() throws {
        XCTAssertEqual(try marked("fn f<'a>(s: &'a str) -> Option<u8> { Some('\\n' as u8) }", "rust"), [
            "keyword:fn", "type:str", "type:Option", "type:u8", "constant:Some", "string:'\\n'", "keyword:as",
            "type:u8",
        ])
    }

    func testDiffLines() throws {
        XCTAssertEqual(try marked("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same", "diff"), [
            "meta:--- a/x\n", "meta:+++ b/x\n", "meta:@@ -1 +1 @@\n", "deleted:-old\n", "inserted:+new\n",
        ])
    }

    func testUnknownLanguageAndUnclosedStringsAreSafe() throws {
        XCTAssertNil(CodeLanguage.named("cobol"))
        XCTAssertEqual(try marked("x = \"never closed", "python"), ["string:\"never closed"])
    }
}
