import ChatCore
import Foundation
import MCPHost

/// The part of `reduce` for resources attached to the next message: attach and detach, keep
/// their text current (reads, subscriptions, `resources/updated`), and send a message with
/// their text in clearly delimited blocks. Pure.
enum AttachmentReducer {
    /// Attaches `resource`, or detaches it when it is attached already. Its text comes from the
    /// preview when the preview shows it, otherwise from a read started now.
    static func toggle(_ resource: ServerResource, _ state: inout AppState) -> [Effect] {
        let key = ResourceKey(server: resource.server, uri: resource.item.uri)
        if state.attachments.contains(key) {
            state.attachments.remove(key)
            return []
        }
        var attachment = ResourceAttachment(key: key, name: resource.item.name, mimeType: resource.item.mimeType)
        var effects: [Effect] = []
        if let preview = state.sidePaneState.preview, preview.key == key, let text = preview.text, !preview.isError,
           !state.attachments.updated.contains(key) {
            attachment.text = text
        } else {
            effects += read(key, &state)
        }
        state.attachments.add(attachment)
        if !state.attachments.subscribed.contains(key) {
            state.attachments.subscribed.insert(key)
            effects.append(.subscribeResource(server: key.server, uri: key.uri))
        }
        return effects
    }

    /// Removes the newest chip (the detach key).
    static func detachLast(_ state: inout AppState) {
        state.attachments.removeLast()
        if state.attachments.isEmpty, state.attachments.waitingMessage != nil {
            // Nothing left to wait for: the message can go as it is.
            state.attachments.waitingMessage = nil
        }
    }

    /// Starts a read whose result goes to the preview and attachments (not the transcript).
    static func read(_ key: ResourceKey, _ state: inout AppState) -> [Effect] {
        guard !state.attachments.readsInFlight.contains(key) else { return [] }
        state.attachments.readsInFlight.insert(key)
        return [.readResource(server: key.server, uri: key.uri)]
    }

    /// A read finished. Returns nil when nobody here asked for it (a `/read`: the transcript
    /// shows it), otherwise the effects that follow (sending a message that waited for it).
    static func resourceRead(server: String, uri: String, text: String, isError: Bool,
                             _ state: inout AppState) -> [Effect]? {
        let key = ResourceKey(server: server, uri: uri)
        guard state.attachments.readsInFlight.remove(key) != nil else { return nil }
        if state.sidePaneState.preview?.key == key {
            state.sidePaneState.preview?.text = text
            state.sidePaneState.preview?.isError = isError
        }
        if !isError { state.attachments.updated.remove(key) }
        state.attachments.setText(text, isError: isError, for: key)
        guard let message = state.attachments.waitingMessage else { return [] }
        if isError, let failed = state.attachments.items.first(where: { $0.key == key }) {
            state.attachments.waitingMessage = nil
            state.attachments.removeReferenced()
            state.input.setText(message)
            state.agent.noteError("Could not read the attached \(failed.key.server):\(failed.name) (\(uri)): \(text). "
                                  + "The message was not sent: press Enter to try again, or "
                                  + "\(KeyMap.label(of: .detach)) to remove the attachment.")
            return []
        }
        guard state.attachments.needingRead.isEmpty else { return [] }
        state.attachments.waitingMessage = nil
        return send(message, &state)
    }

    /// The server says `uri` changed: mark it, and have an attached copy read again before sending.
    static func resourceUpdated(server: String, uri: String, _ state: inout AppState) -> [Effect] {
        let key = ResourceKey(server: server, uri: uri)
        state.attachments.updated.insert(key)
        state.attachments.markStale(key)
        // A message already waiting must not go with the old text.
        if state.attachments.waitingMessage != nil, state.attachments.contains(key) {
            return read(key, &state)
        }
        return []
    }

    /// Sends `text` with the attachments: at once when every attached text is current, otherwise
    /// after reading the rest (the message waits, shown in the status of the chips).
    /// `fromInput` is false for a queued message going when its turn comes: the input then
    /// holds what the user types now and stays as it is.
    static func submit(_ text: String, fromInput: Bool = true, _ state: inout AppState) -> [Effect] {
        guard state.agent.phase == .idle else {
            state.attachments.removeReferenced()
            state.agent.note("A reply is still in progress: wait for it, or press Esc to cancel it.")
            return []
        }
        guard state.attachments.waitingMessage == nil else {
            state.agent.note("Still reading the attached resources for the last message (Esc cancels it).")
            return []
        }
        if fromInput { _ = state.input.submit() }
        let stale = state.attachments.needingRead
        guard stale.isEmpty else {
            state.attachments.waitingMessage = text
            return stale.flatMap { read($0.key, &state) }
        }
        return send(text, &state)
    }

    /// Esc while a message waits for its attachments: keep the message in the input, send nothing.
    static func cancelWaiting(_ state: inout AppState) -> Bool {
        guard let message = state.attachments.waitingMessage else { return false }
        state.attachments.waitingMessage = nil
        state.attachments.removeReferenced()
        state.input.setText(message)
        state.agent.note("Not sent. The message is back in the input.")
        return true
    }

    private static func send(_ text: String, _ state: inout AppState) -> [Effect] {
        let attached = state.attachments.items
        let shown = ([text] + attached.map { "\($0.chip) (\($0.key.uri))" }).joined(separator: "\n")
        guard let actions = state.agent.submit(shown, sending: modelText(text, attached)) else {
            state.attachments.removeReferenced()
            state.input.setText(text)
            state.agent.note("A reply is still in progress: wait for it, or press Esc to cancel it.")
            return []
        }
        state.attachments.removeAll()
        state.transcriptScroll = 0
        return AppReducer.effects(for: actions, state)
    }

    /// The user message the model gets: the typed text, then each resource in a block that
    /// names its server and URI, so the model can tell the user's words from the file's.
    static func modelText(_ text: String, _ attachments: [ResourceAttachment]) -> String {
        var parts = [text]
        for attachment in attachments {
            var attributes = "server=\"\(attachment.key.server)\" uri=\"\(attachment.key.uri)\" name=\"\(attachment.name)\""
            if let mimeType = attachment.mimeType { attributes += " mimeType=\"\(mimeType)\"" }
            parts.append("<attached-resource \(attributes)>\n\(attachment.text ?? "")\n</attached-resource>")
        }
        return parts.joined(separator: "\n\n")
    }
}
