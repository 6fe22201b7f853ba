extension String {
    /// This text (sanitised, one line) cut to at most `width` columns, ending in `ellipsis` when
    /// something was cut. Never splits a grapheme.
    public func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        let safe = sanitizedForTerminal()
        guard width > 0 else { return "" }
        if safe.displayWidth <= width { return safe }
        let mark = ellipsis.displayWidth <= width ? ellipsis : ""
        let room = width - mark.displayWidth
        var out = "", used = 0
        for c in safe {
            let w = DisplayWidth.of(c)
            if used + w > room { break }
            out.append(c)
            used += w
        }
        return out + mark
    }
}
