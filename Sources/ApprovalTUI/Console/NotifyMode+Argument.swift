import ApprovalClient
import ArgumentParser

extension NotifyMode: ExpressibleByArgument {}
