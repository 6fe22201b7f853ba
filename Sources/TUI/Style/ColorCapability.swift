/// How many colours the terminal can show; decides how theme colours are downgraded.
public enum ColorCapability: Sendable, Equatable, Hashable {
    case truecolor, c256, c16, c8, mono

    /// Parses the `MCPTERM_COLOR` override: truecolor|24bit|256|16|8|mono (nil when unrecognised).
    public init?(overrideValue: String) {
        switch overrideValue.lowercased() {
        case "truecolor", "24bit", "rgb": self = .truecolor
        case "256", "c256": self = .c256
        case "16", "c16": self = .c16
        case "8", "c8": self = .c8
        case "mono", "none", "0", "2": self = .mono
        default: return nil
        }
    }
}

/// Maps a colour to what a terminal of the given capability can show:
/// rgb -> nearest of the 256-colour palette -> nearest of the 16 ANSI colours -> the first 8;
/// on a monochrome terminal every colour becomes `.default`.
public func downgrade(_ color: Color, to capability: ColorCapability) -> Color {
    switch (capability, color) {
    case (_, .default), (.truecolor, _):
        return color
    case (.mono, _):
        return .default
    case (.c256, .rgb(let r, let g, let b)):
        return .indexed(XtermPalette.nearest256(r, g, b))
    case (.c256, _):
        return color
    case (.c16, .ansi):
        return color
    case (.c16, .indexed(let n)) where n < 16:
        return .ansi(n)
    case (.c16, _):
        let (r, g, b) = XtermPalette.rgb(of: color)
        return .ansi(XtermPalette.nearest(r, g, b, among: 16))
    case (.c8, .ansi(let n)) where n < 8:
        return color
    case (.c8, .indexed(let n)) where n < 8:
        return .ansi(n)
    case (.c8, _):
        let (r, g, b) = XtermPalette.rgb(of: color)
        return .ansi(XtermPalette.nearest(r, g, b, among: 8))
    }
}

/// The xterm default palette, used to find the nearest colour when downgrading.
enum XtermPalette {
    static let ansi: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    static func rgb(of color: Color) -> (Int, Int, Int) {
        switch color {
        case .default: return (229, 229, 229)
        case .rgb(let r, let g, let b): return (Int(r), Int(g), Int(b))
        case .ansi(let n): return rgb(ofIndex: Int(n & 15))
        case .indexed(let n): return rgb(ofIndex: Int(n))
        }
    }

    static func rgb(ofIndex n: Int) -> (Int, Int, Int) {
        if n < 16 {
            let c = ansi[n]
            return (Int(c.0), Int(c.1), Int(c.2))
        }
        if n < 232 {
            let i = n - 16
            return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        }
        let level = 8 + 10 * (n - 232)
        return (level, level, level)
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return dr * dr + dg * dg + db * db
    }

    /// Nearest entry of the 6x6x6 cube or the grey ramp (16-255); entries 0-15 are left out
    /// because terminals redefine them.
    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let target = (Int(r), Int(g), Int(b))
        func cubeIndex(_ v: Int) -> Int {
            var best = 0
            for (i, level) in cubeLevels.enumerated() where abs(level - v) < abs(cubeLevels[best] - v) {
                best = i
            }
            return best
        }
        let ci = (cubeIndex(target.0), cubeIndex(target.1), cubeIndex(target.2))
        let cube = 16 + 36 * ci.0 + 6 * ci.1 + ci.2
        let average = (target.0 + target.1 + target.2) / 3
        let greyStep = min(23, max(0, (average - 3) / 10))
        let grey = 232 + greyStep
        let useGrey = distance(rgb(ofIndex: grey), target) < distance(rgb(ofIndex: cube), target)
        return UInt8(useGrey ? grey : cube)
    }

    static func nearest(_ r: Int, _ g: Int, _ b: Int, among count: Int) -> UInt8 {
        var best = 0
        var bestDistance = Int.max
        for i in 0..<count {
            let d = distance(rgb(ofIndex: i), (r, g, b))
            if d < bestDistance {
                best = i
                bestDistance = d
            }
        }
        return UInt8(best)
    }
}
