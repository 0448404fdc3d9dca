import Testing

@testable import ApprovalClient

/// The page size a server offers (`Approval-Page-Limit`) is a header from across the trust line:
/// only a plain positive number is taken, and never outside 100…1,000.
@Suite struct ListMemoTests {
    @Test(arguments: [
        ("1000", 1_000), (" 500 ", 500), ("99999999999999999999999", 100), ("18446744073709551617", 100),
        ("9223372036854775807", 1_000), ("50", 100), ("0", 100), ("-5", 100), ("abc", 100), ("", 100),
        ("1000\u{0}", 100), ("1e3", 100),
    ])
    func aPageSizeOfferIsClampedOrIgnored(header: String, expected: Int) async {
        let memo = ListMemo<ApprovalRequest>()
        await memo.offer(pageLimit: header)
        #expect(await memo.pageLimit == expected)
    }

    @Test func noOfferKeepsPreloopsPageSize() async {
        let memo = ListMemo<ApprovalRequest>()
        await memo.offer(pageLimit: nil)
        #expect(await memo.pageLimit == PreloopClient.pageSize)
    }
}
