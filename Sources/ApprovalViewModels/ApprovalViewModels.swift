/// The console's pure layer: state, screens rendered into buffers, keymaps, themes, sanitizer.
public enum ApprovalViewModels {}
