import Foundation

/// Runs a ``ServicePlan``'s steps, printing each before it runs; stops at the first failure.
struct ServiceInstaller {
    var report: (String) -> Void = { print($0) }

    /// Whether `name` is a user on this machine.
    static func userExists(_ name: String) -> Bool {
        getpwnam(name) != nil
    }

    func install(_ plan: ServicePlan) throws(ServiceInstallError) {
        for step in plan.steps {
            report(step.summary)
            try perform(step)
        }
    }

    private func perform(_ step: ServicePlan.Step) throws(ServiceInstallError) {
        switch step {
        case .createUser(let name, let home):
            try run(["useradd", "--system", "--user-group", "--home-dir", home, "--no-create-home",
                     "--shell", "/usr/sbin/nologin", name])
        case .prepareDirectory(let path, let owner):
            guard let entry = getpwnam(owner) else { throw .failed("user \(owner) does not exist") }
            let uid = entry.pointee.pw_uid
            let gid = entry.pointee.pw_gid
            do {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .failed("cannot create \(path): \(error.localizedDescription)")
            }
            guard chown(path, uid, gid) == 0 else { throw .failed("cannot chown \(path): errno \(errno)") }
            guard chmod(path, 0o700) == 0 else { throw .failed("cannot chmod \(path): errno \(errno)") }
        case .writeUnit(let path, let text):
            do {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw .failed("cannot write \(path): \(error.localizedDescription)")
            }
            guard chmod(path, 0o644) == 0 else { throw .failed("cannot chmod \(path): errno \(errno)") }
        case .run(let argv):
            try run(argv)
        }
    }

    /// Runs `argv` (looked up on PATH, never through a shell) and waits; non-zero exit is a failure.
    private func run(_ argv: [String]) throws(ServiceInstallError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        do {
            try process.run()
        } catch {
            throw .failed("cannot run \(argv[0]): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .failed("\(argv.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
    }
}

enum ServiceInstallError: Error, Equatable, CustomStringConvertible {
    case failed(String)

    var description: String {
        switch self {
        case .failed(let text): text
        }
    }
}
