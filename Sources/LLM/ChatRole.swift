/// Who wrote a chat message.
public enum ChatRole: String, Sendable, Codable {
    case system, user, assistant, tool
}
