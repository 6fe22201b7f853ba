import ChatCore
import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `--resume` costs before its first frame (read the file, rebuild the conversation) for a
/// session with one huge record, and the process's peak memory afterwards.
struct ResumeBenchmark {
    /// Size of the huge record's text.
    var recordBytes: Int

    struct Result {
        var label: String
        var milliseconds: Double
        /// The process's resident high-water mark after the load (it includes earlier rows).
        var peakRSSMegabytes: Double
        /// UTF-8 bytes of the longest text the resumed conversation holds.
        var longestTextBytes: Int
    }

    func run() throws -> Result {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("mcpterm-bench-resume-\(getpid())-\(recordBytes).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeSession(to: path)

        let start = DispatchTime.now().uptimeNanoseconds
        let log = try SessionLog.load(path: path)
        let agent = SessionReplay.agent(from: log.entries, policy: ApprovalPolicy())
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        let longest = agent.messages.map(\.content.utf8.count).max() ?? 0

        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Result(
            label: "one \(recordBytes >> 20) MB reply", milliseconds: Double(elapsed) / 1_000_000,
            peakRSSMegabytes: Double(usage.ru_maxrss) / 1024, longestTextBytes: longest)
    }

    /// A header, a question, the huge reply (CJK and ASCII), a short question. The reply's line
    /// is written in blocks, so that making the file does not raise the peak being measured.
    private func writeSession(to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let out = FileHandle(forWritingAtPath: path)
        else { throw BenchError.missingFile(what: "a session file the bench can write", path: path) }
        defer { try? out.close() }
        let at = Date(timeIntervalSince1970: 1_768_469_412)
        let header = SessionHeader(id: "bench", mcptermVersion: "bench", provider: nil, model: nil, baseURL: nil,
                                   cwd: "/", servers: [], systemPrompt: "sys")
        out.write(try SessionEntry(at: at, record: .header(header)).jsonLine())
        out.write(try SessionEntry(at: at, record: .user(text: "write a lot", sent: "write a lot")).jsonLine())
        let start = try SessionEntry(at: at, record: .assistant(text: "", toolCalls: [])).jsonLine()
        // `{"v":1,"type":"assistant","at":"…","text":""}\n` opened up after `"text":"`.
        out.write(start.prefix(start.count - 3))
        let block = Data(String(repeating: "東京タワー and more text. ", count: 2048).utf8)
        var written = 0
        while written < recordBytes {
            out.write(block)
            written += block.count
        }
        out.write(Data("\"}\n".utf8))
        out.write(try SessionEntry(at: at, record: .user(text: "thanks", sent: "thanks")).jsonLine())
    }
}
