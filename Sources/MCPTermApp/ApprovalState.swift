import MCPHost

/// The approval box's own state: which call and definition it shows, whether its answer keys are
/// armed yet, how far its body is scrolled, and whether the user has seen all of it.
struct ApprovalState: Equatable, Sendable {
    /// The call and the definition the box shows; when either changes, the box starts over.
    var callID: String?
    var fingerprint: ToolFingerprint?
    /// Counts each new showing of the box; an arming timer of an earlier showing is ignored.
    var showing = 0
    /// Answer keys work only once the box has been on screen for `armDelay`: a key typed before
    /// then was typed for something else and is dropped, never queued into the box.
    var armed = false
    /// Body rows scrolled past.
    var scroll = 0
    /// The user has had every row of the body on screen (or jumped to its end on purpose);
    /// until then the approve keys are refused.
    var seenAll = false
    /// The tool's description in full rather than its first rows.
    var fullDescription = false
    /// Why the last key did nothing, shown in the box until the next key.
    var refusal: String?

    /// How long the box is on screen before its answer keys work (browsers arm permission
    /// dialogs after about a second; this is long enough to see the box, short enough not to wait).
    static let armDelay: Duration = .milliseconds(800)

    init() {}
}
