import ApprovalModel

/// A value read from a config file together with the line it is on.
public struct ConfigSetting<Value: Equatable & Sendable>: Equatable, Sendable {
    public let value: Value
    /// 1-based line in the file.
    public let line: Int

    public init(_ value: Value, line: Int) {
        self.value = value
        self.line = line
    }
}
