/// A byte count as people read it, in powers of 1024 as `ls -h` does: "1 byte", "800 bytes",
/// "12 KB", "1.0 MB". The one format for every size mcpterm shows (collapsed texts, content
/// placeholders, session files).
public enum ByteCountText {
    public static func string(_ bytes: Int) -> String {
        if bytes >= 1 << 20 {
            // Tenths of a MiB, rounded; a size past 2^59 bytes (no text here is) keeps the division exact enough.
            let tenths = bytes < Int.max / 10 ? (bytes * 10 + (1 << 19)) >> 20 : (bytes >> 20) * 10
            return "\(tenths / 10).\(tenths % 10) MB"
        }
        if bytes >= 1 << 10 { return "\((bytes + 512) >> 10) KB" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
