import ApprovalClient
import CursesBridge

print("approval-tui: under construction")
