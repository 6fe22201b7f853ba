import LLM

/// What the command line and the environment ask for, before anything is loaded.
public struct LaunchOptions: Sendable {
    public var configPath: String?
    public var provider: String?
    public var baseURL: String?
    public var model: String?
    public var theme: String?
    public var systemPrompt: String?
    public var workingDirectory: String
    public var environment: [String: String]
    /// `--resume`: `last`, a session id (or its start), or a session file's path.
    public var resume: String?
    /// False with `--no-save`: nothing is written to the session store.
    public var saveSession: Bool
    /// `--idle-timeout`: seconds the model may send nothing before its reply is given up
    /// (over the profile's or `"llm"`'s `"idleTimeout"`).
    public var idleTimeout: Double?
    /// `--connect-timeout`: seconds to wait for the model's connection (over `"connectTimeout"`).
    public var connectTimeout: Double?
    /// `--trust-project`: a servers.json found in the working directory may start its servers
    /// without asking (and the answer is remembered).
    public var trustProject = false
    /// `--model-profile`: a profile of the `"models"` section of servers.json.
    public var modelProfile: String?
    /// `--trace FILE`: every JSON-RPC message of every server as JSON Lines.
    public var tracePath: String?
    /// `--trace-bodies=false`: the trace file leaves the messages out (their sizes stay).
    public var traceBodies = true

    /// The range `--idle-timeout` and `--connect-timeout` accept, in seconds: from a tenth of a
    /// second to a day (as `"idleTimeout"` and `"connectTimeout"` in servers.json).
    public static let idleTimeoutRange: ClosedRange<Double> = 0.1...86_400

    public init(
        configPath: String? = nil, provider: String? = nil, baseURL: String? = nil, model: String? = nil,
        theme: String? = nil, systemPrompt: String? = nil, workingDirectory: String, environment: [String: String],
        resume: String? = nil, saveSession: Bool = true, idleTimeout: Double? = nil
    ) {
        self.configPath = configPath
        self.provider = provider
        self.baseURL = baseURL
        self.model = model
        self.theme = theme
        self.systemPrompt = systemPrompt
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.resume = resume
        self.saveSession = saveSession
        self.idleTimeout = idleTimeout
    }
}
