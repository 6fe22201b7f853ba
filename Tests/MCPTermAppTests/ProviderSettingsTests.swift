import LLM
import MCPHost
@testable import MCPTermApp
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
        XCTAssertEqual(model, ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:9/v1"))
    }

    func testBaseURLFromEnvironmentNeedsAModel() {
        guard case .failure(let error) = resolve(env: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1"]) else { return XCTFail() }
        XCTAssertEqual(error.description, "--model (or \"model\" in servers.json) is required with the base URL http://127.0.0.1:9/v1 (which model does that server serve?)")
    }

    func testKeyAloneUsesOpenAIDefaults() throws {
        let model = try resolve(env: ["OPENAI_API_KEY": "sk-test"]).get()
        XCTAssertEqual(model?.baseURL, "https://api.openai.com/v1")
        XCTAssertEqual(model?.model, "gpt-4o-mini")
    }

    func testUnsupportedProviderIsNamed() {
        guard case .failure(let error) = resolve(provider: "bard") else { return XCTFail() }
        XCTAssertEqual(error.description, "--provider \"bard\" is not supported yet (supported: openai, anthropic, ollama)")
    }

    func testBaseURLMustBeHTTP() {
        guard case .failure(let error) = resolve(baseURL: "localhost:8080", model: "m") else { return XCTFail() }
        XCTAssertTrue(error.description.contains("must start with http://"))
    }

    func testAnthropicKeyAloneUsesAnthropicDefaults() throws {
        let model = try resolve(env: ["ANTHROPIC_API_KEY": "sk-ant-test"]).get()
        XCTAssertEqual(model, ModelDescription(provider: .anthropic, model: "claude-sonnet-4-5", baseURL: "https://api.anthropic.com"))
    }

    func testOpenAISettingsWinOverAnAnthropicKeyWithoutProviderFlag() throws {
        let model = try resolve(baseURL: "http://127.0.0.1:9/v1", model: "m", env: ["ANTHROPIC_API_KEY": "sk-ant-test"]).get()
        XCTAssertEqual(model?.provider, .openai)
    }

    func testAnthropicFlagsBeatEnvironment() throws {
        let model = try resolve(provider: "anthropic", baseURL: "http://127.0.0.1:9", model: "x",
                                env: ["ANTHROPIC_BASE_URL": "http://other", "MCPTERM_MODEL": "y"]).get()
        XCTAssertEqual(model, ModelDescription(provider: .anthropic, model: "x", baseURL: "http://127.0.0.1:9"))
    }

    func testAnthropicBaseURLFromEnvironmentNeedsNoKey() throws {
        let model = try resolve(provider: "Anthropic", env: ["ANTHROPIC_BASE_URL": "http://gateway:8080"]).get()
        XCTAssertEqual(model?.baseURL, "http://gateway:8080")
        XCTAssertEqual(model?.model, "claude-sonnet-4-5")
    }

    func testAnthropicAPIWithoutKeyNamesTheVariable() {
        guard case .failure(let error) = resolve(provider: "anthropic") else { return XCTFail() }
        XCTAssertEqual(error.description, "ANTHROPIC_API_KEY is not set (--provider anthropic needs it for https://api.anthropic.com; or give \"apiKey\": \"${VAR}\" in servers.json)")
    }

    func testMakeProviderBuildsEachProvidersClient() {
        let env = ["ANTHROPIC_API_KEY": "k"]
        let anthropic = ProviderSettings.makeProvider(
            ModelDescription(provider: .anthropic, model: "c", baseURL: "https://api.anthropic.com"), environment: env)
        XCTAssertEqual((anthropic as? AnthropicProvider)?.messagesURL, "https://api.anthropic.com/v1/messages")
        let ollama = ProviderSettings.makeProvider(
            ModelDescription(provider: .ollama, model: "q", baseURL: "http://127.0.0.1:11434"), environment: env)
        XCTAssertEqual((ollama as? OllamaProvider)?.chatURL, "http://127.0.0.1:11434/api/chat")
        XCTAssertEqual(ollama.model, "q")
        let openai = ProviderSettings.makeProvider(
            ModelDescription(provider: .openai, model: "g", baseURL: "https://api.openai.com/v1"), environment: env)
        XCTAssertTrue(openai is OpenAICompatibleProvider)
    }

    func testOllamaDefaultsToLocalServerAndNeedsAModel() throws {
        guard case .failure(let error) = resolve(provider: "ollama") else { return XCTFail() }
        XCTAssertEqual(error.description, "--model is required with --provider ollama (e.g. --model qwen3; `ollama list` shows yours)")
        let model = try resolve(provider: "ollama", model: "qwen3").get()
        XCTAssertEqual(model, ModelDescription(provider: .ollama, model: "qwen3", baseURL: "http://127.0.0.1:11434"))
    }

    func testOllamaHostIsReadAsOllamaWritesIt() throws {
        let cases = [
            "0.0.0.0": "http://0.0.0.0:11434",
            "gpu-box:8080": "http://gpu-box:8080",
            ":9999": "http://127.0.0.1:9999",
            "[::1]": "http://[::1]:11434",
            "https://ollama.example": "https://ollama.example",
        ]
        for (host, expected) in cases {
            let model = try resolve(provider: "ollama", model: "m", env: ["OLLAMA_HOST": host]).get()
            XCTAssertEqual(model?.baseURL, expected, "OLLAMA_HOST=\(host)")
        }
        let flagged = try resolve(provider: "ollama", baseURL: "http://flag:1", model: "m", env: ["OLLAMA_HOST": "env:2"]).get()
        XCTAssertEqual(flagged?.baseURL, "http://flag:1")
    }

    func testOllamaAddressWithAnotherSchemeIsRefused() {
        guard case .failure(let error) = resolve(provider: "ollama", model: "m", env: ["OLLAMA_HOST": "unix:///run/ollama.sock"]) else {
            return XCTFail()
        }
        XCTAssertTrue(error.description.contains("OLLAMA_HOST"), error.description)
    }

    // MARK: - servers.json "llm" and "models"

    private static let settings = ModelSettings(
        llm: ModelProfile(provider: "openai", model: "gpt-4o-mini", baseURL: "http://127.0.0.1:9/v1", apiKey: "from-llm",
                          maxTokens: 800, temperature: 0.3, systemPrompt: "Be brief.", contextWindow: 128_000),
        profiles: [
            ("local", ModelProfile(provider: "ollama", model: "qwen3", baseURL: "http://127.0.0.1:11434")),
            ("big", ModelProfile(model: "gpt-4o", maxTokens: 4000)),
        ])

    private func resolve(_ settings: ModelSettings, profile: String? = nil, model: String? = nil,
                         env: [String: String] = [:]) -> Result<ModelDescription?, ProviderSettingsError> {
        var options = LaunchOptions(model: model, workingDirectory: "/", environment: env)
        options.modelProfile = profile
        return ProviderSettings.resolve(options, models: settings)
    }

    func testTheLLMSectionIsUsedWhenNoFlagIsGiven() throws {
        let model = try resolve(Self.settings, env: ["OPENAI_BASE_URL": "http://env/v1"]).get()
        XCTAssertEqual(model, ModelDescription(provider: .openai, model: "gpt-4o-mini", baseURL: "http://127.0.0.1:9/v1",
                                               maxTokens: 800, temperature: 0.3, contextWindow: 128_000),
                       "servers.json beats the environment")
        XCTAssertEqual(ProviderSettings.apiKey(for: try XCTUnwrap(model), models: Self.settings,
                                               environment: ["OPENAI_API_KEY": "from-env"]), "from-llm")
    }

    func testAProfileOverridesTheLLMSectionAndFlagsOverrideBoth() throws {
        let big = try resolve(Self.settings, profile: "big").get()
        XCTAssertEqual(big, ModelDescription(provider: .openai, model: "gpt-4o", baseURL: "http://127.0.0.1:9/v1",
                                             profile: "big", maxTokens: 4000, temperature: 0.3, contextWindow: 128_000))
        let flagged = try resolve(Self.settings, profile: "big", model: "o3").get()
        XCTAssertEqual(flagged?.model, "o3")
        let local = try resolve(Self.settings, profile: "local").get()
        XCTAssertEqual(local?.provider, .ollama)
        // The "llm" key is for openai: an ollama profile gets the environment's key, not it.
        XCTAssertEqual(ProviderSettings.apiKey(for: try XCTUnwrap(local), models: Self.settings,
                                               environment: ["OLLAMA_API_KEY": "ollama-key"]), "ollama-key")
    }

    func testTimeoutsAndRoundsComeFromTheProfileThenLLMAndTheFlagsWin() throws {
        let settings = ModelSettings(
            llm: ModelProfile(provider: "openai", model: "m", baseURL: "http://127.0.0.1:9/v1", maxToolRounds: 40,
                              idleTimeout: 30),
            profiles: [("slow", ModelProfile(model: "big", connectTimeout: 2.5))])
        let slow = try XCTUnwrap(resolve(settings, profile: "slow").get())
        XCTAssertEqual(slow.connectTimeout, 2.5)
        XCTAssertEqual(slow.idleTimeout, 30, "what the profile leaves out comes from \"llm\"")
        XCTAssertEqual(slow.maxToolRounds, 40)
        var options = LaunchOptions(workingDirectory: "/", environment: [:], idleTimeout: 9)
        options.connectTimeout = 1
        options.modelProfile = "slow"
        let flagged = try XCTUnwrap(ProviderSettings.resolve(options, models: settings).get())
        XCTAssertEqual(flagged.idleTimeout, 9)
        XCTAssertEqual(flagged.connectTimeout, 1)
        let plain = try XCTUnwrap(resolve(ModelSettings(llm: ModelProfile(provider: "openai", model: "m"))).get())
        XCTAssertNil(plain.idleTimeout, "nothing set: the provider's defaults")
        XCTAssertNil(plain.connectTimeout)
    }

    func testAnUnknownProfileNamesTheKnownOnes() {
        guard case .failure(let error) = resolve(Self.settings, profile: "fast") else { return XCTFail() }
        XCTAssertEqual(error.description,
                       #"--model-profile "fast" is not in the "models" section of servers.json (profiles: local, big)"#)
    }

    func testAProfileChosenInTheSessionIgnoresNothingButFlags() throws {
        let local = try ProviderSettings.resolve(profile: "local", models: Self.settings, environment: [:]).get()
        XCTAssertEqual(local.model, "qwen3")
        XCTAssertEqual(local.profile, "local")
        XCTAssertEqual(local.maxTokens, 800, "what the profile leaves out comes from \"llm\"")
        guard case .failure(let error) = ProviderSettings.resolve(profile: "nope", models: Self.settings, environment: [:])
        else { return XCTFail() }
        XCTAssertEqual(error.description, #"no model profile "nope" in servers.json"#)
    }

    func testAnAnthropicKeyInServersJSONIsEnoughForAnthropic() throws {
        let settings = ModelSettings(llm: ModelProfile(provider: "anthropic", apiKey: "sk-ant-file"))
        let model = try resolve(settings).get()
        XCTAssertEqual(model?.provider, .anthropic)
        XCTAssertEqual(ProviderSettings.apiKey(for: try XCTUnwrap(model), models: settings, environment: [:]), "sk-ant-file")
    }
}
