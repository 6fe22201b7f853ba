extension String {
    /// The longest start of the text of at most `bytes` UTF-8 bytes that ends on a character
    /// (session texts are bounded in bytes, and never cut inside a character).
    func prefix(utf8Bytes bytes: Int) -> String {
        var kept = ""
        var used = 0
        for character in self {
            let size = character.utf8.count
            if used + size > bytes { break }
            kept.append(character)
            used += size
        }
        return kept
    }
}
