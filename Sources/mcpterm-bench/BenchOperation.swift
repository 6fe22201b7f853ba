import ArgumentParser

/// A round trip the bench can measure; `--op` narrows a profiling run to one of them.
enum BenchOperation: String, CaseIterable, ExpressibleByArgument {
    /// `ping`, answered with an empty result: the cheapest request there is.
    case ping
    /// `tools/call echo {"text":"hello"}`, its result decoded into `CallTool.Result`.
    case call
}
