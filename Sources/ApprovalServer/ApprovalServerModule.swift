/// The Preloop-compatible local approval server.
public enum ApprovalServerModule {}
