import ApprovalModel

/// Remembers, per client, which `PolicyRoute` the server answered on, so the probe happens once.
/// Two calls racing before the first answer may both probe; the answer they remember is the same.
actor PolicyRouteMemo {
    private(set) var route: PolicyRoute?

    func remember(_ route: PolicyRoute) {
        self.route = route
    }
}
