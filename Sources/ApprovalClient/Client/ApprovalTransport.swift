import ApprovalModel
import Foundation

/// Sends one HTTP request to an approval server and returns its answer, whatever the status.
///
/// A transport reports only failures to *exchange* a request: nothing listening, a DNS failure, a
/// timeout. A 4xx or 5xx answer is a normal `TransportResponse`; `PreloopClient` decides what the
/// status means. Tests and the embedded server can supply their own transport.
///
/// ```swift
/// let transport = URLSessionTransport(timeout: 10)
/// let response = try await transport.send(
///     TransportRequest(method: .get, url: URL(string: "http://127.0.0.1:8600/api/v1/ping")!))
/// print(response.status)  // 200
/// ```
public protocol ApprovalTransport: Sendable {
    /// Sends `request` and returns the server's answer.
    ///
    /// - Throws: `ClientError.unreachable` when nothing answered at the address,
    ///   `ClientError.timedOut` when the server did not answer in time,
    ///   `ClientError.invalidConfiguration` when the URL cannot be used.
    func send(_ request: TransportRequest) async throws(ClientError) -> TransportResponse
}
