/// What the code highlighter needs to know of one language: its words and how its comments,
/// strings and numbers are written. One table per language; `CodeHighlighter` reads them all the
/// same way. (Debian ships no C highlighter with grammars for these languages: tree-sitter comes
/// without grammar libraries, GNU source-highlight is C++.)
struct CodeLanguage: Sendable {
    /// How a string literal is delimited.
    struct Quote: Sendable {
        var open: String
        var close: String
        /// A backslash escapes the next character.
        var escapes: Bool = true
        /// The literal may run over line ends (Python's `"""`, Go's raw strings).
        var multiline: Bool = false
        /// A character literal: one character or an escape, so a lone quote (a Rust lifetime) is not a string.
        var singleCharacter: Bool = false
    }

    var name: String
    /// Fence info words that select this language (lowercase).
    var aliases: [String]
    var keywords: Set<String> = []
    var types: Set<String> = []
    var constants: Set<String> = []
    var lineComments: [String] = []
    var blockComment: (open: String, close: String)?
    var quotes: [Quote] = []
    /// Identifiers starting with a capital letter are types (Swift, Rust, TypeScript …).
    var capitalizedAreTypes = false
    /// `$NAME`, `${…}` and `$1` are variables (shell).
    var dollarVariables = false
    /// `$` is part of identifiers (JavaScript).
    var dollarInIdentifiers = false
    /// A comment marker counts only at the start of a word (shell's `#`).
    var commentNeedsWordStart = false
    /// A string followed by `:` is an object key (JSON).
    var stringKeys = false
    /// Whole lines coloured by their first characters (diff); first match wins.
    var linePrefixes: [(prefix: String, kind: CodeHighlighter.Kind)] = []

    /// The language a fence's info string names ("```swift", "``` Python {.x}"), if known.
    static func named(_ info: String) -> CodeLanguage? {
        let word = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" || $0 == "," }).first
        guard let word else { return nil }
        let name = word.lowercased()
        return all.first { $0.aliases.contains(name) }
    }

    static let all: [CodeLanguage] = [json, swift, python, shell, javascript, go, rust, diff]

    static let json = CodeLanguage(
        name: "json", aliases: ["json", "jsonc", "json5", "jsonl", "ndjson", "geojson"],
        constants: ["true", "false", "null"], lineComments: ["//"], blockComment: ("/*", "*/"),
        quotes: [Quote(open: "\"", close: "\"")], stringKeys: true)

    static let swift = CodeLanguage(
        name: "swift", aliases: ["swift"],
        keywords: ["actor", "any", "as", "associatedtype", "async", "await", "borrowing", "break", "case", "catch",
                   "class", "consume", "consuming", "continue", "convenience", "default", "defer", "deinit",
                   "didSet", "do", "dynamic", "else", "enum", "extension", "fallthrough", "fileprivate", "final",
                   "for", "func", "get", "guard", "if", "import", "in", "indirect", "init", "inout", "internal",
                   "is", "lazy", "let", "mutating", "nonisolated", "nonmutating", "open", "operator", "override",
                   "package", "private", "protocol", "public", "repeat", "required", "rethrows", "return",
                   "self", "Self", "sending", "set", "some", "static", "struct", "subscript", "super", "switch",
                   "throw", "throws", "try", "typealias", "unowned", "var", "weak", "where", "while", "willSet"],
        constants: ["true", "false", "nil"], lineComments: ["//"], blockComment: ("/*", "*/"),
        quotes: [Quote(open: "\"\"\"", close: "\"\"\"", multiline: true), Quote(open: "\"", close: "\"")],
        capitalizedAreTypes: true)

    static let python = CodeLanguage(
        name: "python", aliases: ["python", "py", "python3", "py3", "pyi"],
        keywords: ["and", "as", "assert", "async", "await", "break", "case", "class", "continue", "def", "del",
                   "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
                   "lambda", "match", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
                   "yield", "self"],
        types: ["bool", "bytes", "dict", "float", "frozenset", "int", "list", "object", "set", "str", "tuple",
                "type"],
        constants: ["True", "False", "None"], lineComments: ["#"],
        quotes: [Quote(open: "\"\"\"", close: "\"\"\"", multiline: true),
                 Quote(open: "'''", close: "'''", multiline: true),
                 Quote(open: "\"", close: "\""), Quote(open: "'", close: "'")],
        capitalizedAreTypes: true)

    static let shell = CodeLanguage(
        name: "shell", aliases: ["sh", "bash", "shell", "zsh", "ksh", "console", "shellsession", "fish"],
        keywords: ["alias", "break", "case", "cd", "continue", "declare", "do", "done", "echo", "elif", "else",
                   "esac", "eval", "exec", "exit", "export", "fi", "for", "function", "if", "in", "local",
                   "printf", "read", "readonly", "return", "select", "set", "shift", "source", "then", "trap",
                   "unset", "until", "while"],
        constants: ["true", "false"], lineComments: ["#"],
        quotes: [Quote(open: "'", close: "'", escapes: false, multiline: true),
                 Quote(open: "\"", close: "\"", multiline: true)],
        dollarVariables: true, commentNeedsWordStart: true)

    static let javascript = CodeLanguage(
        name: "javascript",
        aliases: ["javascript", "js", "jsx", "mjs", "cjs", "typescript", "ts", "tsx", "mts", "cts", "node"],
        keywords: ["abstract", "as", "async", "await", "break", "case", "catch", "class", "const", "continue",
                   "debugger", "declare", "default", "delete", "do", "else", "enum", "export", "extends",
                   "finally", "for", "from", "function", "get", "if", "implements", "import", "in", "infer",
                   "instanceof", "interface", "keyof", "let", "namespace", "new", "of", "private", "protected",
                   "public", "readonly", "return", "satisfies", "set", "static", "super", "switch", "this",
                   "throw", "try", "type", "typeof", "var", "void", "while", "with", "yield"],
        types: ["any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "unknown"],
        constants: ["true", "false", "null", "undefined", "NaN", "Infinity"],
        lineComments: ["//"], blockComment: ("/*", "*/"),
        quotes: [Quote(open: "`", close: "`", multiline: true), Quote(open: "\"", close: "\""),
                 Quote(open: "'", close: "'")],
        capitalizedAreTypes: true, dollarInIdentifiers: true)

    static let go = CodeLanguage(
        name: "go", aliases: ["go", "golang"],
        keywords: ["break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for",
                   "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return",
                   "select", "struct", "switch", "type", "var"],
        types: ["any", "bool", "byte", "complex64", "complex128", "error", "float32", "float64", "int", "int8",
                "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64",
                "uintptr"],
        constants: ["true", "false", "nil", "iota"], lineComments: ["//"], blockComment: ("/*", "*/"),
        quotes: [Quote(open: "`", close: "`", escapes: false, multiline: true), Quote(open: "\"", close: "\""),
                 Quote(open: "'", close: "'", singleCharacter: true)])

    static let rust = CodeLanguage(
        name: "rust", aliases: ["rust", "rs"],
        keywords: ["as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
                   "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
                   "return", "self", "Self", "static", "struct", "super", "trait", "type", "unsafe", "use",
                   "where", "while", "yield"],
        types: ["bool", "char", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "str", "u8", "u16",
                "u32", "u64", "u128", "usize"],
        constants: ["true", "false", "None", "Some", "Ok", "Err"], lineComments: ["//"],
        blockComment: ("/*", "*/"),
        quotes: [Quote(open: "\"", close: "\"", multiline: true),
                 Quote(open: "'", close: "'", singleCharacter: true)],
        capitalizedAreTypes: true)

    static let diff = CodeLanguage(
        name: "diff", aliases: ["diff", "patch", "udiff"],
        linePrefixes: [("+++", .meta), ("---", .meta), ("@@", .meta), ("diff ", .meta), ("index ", .meta),
                       ("+", .inserted), ("-", .deleted)])
}
