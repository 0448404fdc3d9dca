import ApprovalClient
import ApprovalModel
import ArgumentParser

extension NotifyMode: ExpressibleByArgument {}
