import Testing
@testable import ApprovalViewModels

@Suite struct ScreenBufferTests {
    private let size = Size(columns: 6, rows: 2)

    @Test func identicalFramesProduceNoChanges() {
        var a = ScreenBuffer(size: size)
        a.write("hello", at: Point(x: 0, y: 0), role: .title)
        #expect(a.changes(since: a).isEmpty)
    }

    @Test func singleCellChangeIsListedAlone() {
        var a = ScreenBuffer(size: size)
        a.write("hello", at: Point(x: 0, y: 0), role: .normal)
        var b = a
        b.write("j", at: Point(x: 0, y: 0), role: .normal)
        #expect(b.changes(since: a) == [CellRun(x: 0, y: 0, role: .normal, text: "j", columns: 1)])
    }

    @Test func roleChangeIsAChange() {
        var a = ScreenBuffer(size: size)
        a.write("x", at: Point(x: 1, y: 1), role: .normal)
        var b = a
        b.restyle(Rect(x: 1, y: 1, width: 1, height: 1), role: .queueSelected)
        #expect(b.changes(since: a).map(\.role) == [.queueSelected])
    }

    @Test func wideGlyphReplacedByNarrowClearsItsTrailingColumn() {
        var a = ScreenBuffer(size: size)
        a.write("漢", at: Point(x: 0, y: 0), role: .normal)
        var b = ScreenBuffer(size: size)
        b.write("a", at: Point(x: 0, y: 0), role: .normal)
        #expect(b.changes(since: a) == [CellRun(x: 0, y: 0, role: .normal, text: "a ", columns: 2)])
    }

    @Test func coveredCellsAreNeverListed() {
        let a = ScreenBuffer(size: size)
        var b = a
        b.write("漢", at: Point(x: 2, y: 0), role: .normal)
        #expect(b.changes(since: a) == [CellRun(x: 2, y: 0, role: .normal, text: "漢", columns: 2)])
        #expect(b[3, 0].isCovered)
    }

    @Test func resizeForcesFullRepaint() {
        let a = ScreenBuffer(size: size)
        let b = ScreenBuffer(size: Size(columns: 3, rows: 2))
        #expect(b.changes(since: a) == [CellRun(x: 0, y: 0, role: .normal, text: "   ", columns: 3),
                                         CellRun(x: 0, y: 1, role: .normal, text: "   ", columns: 3)])
    }

    @Test func adjacentChangesInOneStyleArePaintedAsOneRun() {
        let a = ScreenBuffer(size: Size(columns: 12, rows: 1))
        var b = a
        b.write("ab", at: Point(x: 0, y: 0), role: .normal)
        b.write("cd", at: Point(x: 2, y: 0), role: .queueSelected)
        b.write("ef", at: Point(x: 5, y: 0), role: .queueSelected)
        #expect(b.changes(since: a) == [
            CellRun(x: 0, y: 0, role: .normal, text: "ab", columns: 2),
            CellRun(x: 2, y: 0, role: .queueSelected, text: "cd", columns: 2),
            CellRun(x: 5, y: 0, role: .queueSelected, text: "ef", columns: 2),
        ])
    }

    /// Only printable ASCII is joined: a wide glyph, a combining mark, an emoji sequence or a
    /// glyph a C library may measure otherwise is painted alone at its own column, so neither
    /// a mismeasured glyph nor a grapheme of several scalars can shift the cells after it.
    @Test func onlyPrintableASCIIIsJoinedSoNoGlyphCanShiftTheCellsAfterIt() {
        let a = ScreenBuffer(size: Size(columns: 16, rows: 1))
        var b = a
        b.write("a漢be\u{301}cd👨‍👩‍👧│\u{1161}xy", at: Point(x: 0, y: 0), role: .normal)
        #expect(b.changes(since: a) == [
            CellRun(x: 0, y: 0, role: .normal, text: "a", columns: 1),
            CellRun(x: 1, y: 0, role: .normal, text: "漢", columns: 2),
            CellRun(x: 3, y: 0, role: .normal, text: "b", columns: 1),
            CellRun(x: 4, y: 0, role: .normal, text: "e\u{301}", columns: 1),
            CellRun(x: 5, y: 0, role: .normal, text: "cd", columns: 2),
            CellRun(x: 7, y: 0, role: .normal, text: "👨‍👩‍👧", columns: 2),
            CellRun(x: 9, y: 0, role: .normal, text: "│", columns: 1),
        ] + b.changes(since: a).suffix(from: 7))
        let runs = b.changes(since: a)
        #expect(runs.filter { $0.text.count > 1 }.allSatisfy { $0.text.utf8.allSatisfy { (0x20...0x7E).contains($0) } })
        #expect(runs.last?.text == "xy")
    }

    @Test func paintingTheRunsOverTheOldFrameGivesTheNewFrame() {
        var a = ScreenBuffer(size: Size(columns: 10, rows: 2))
        a.write("old 漢 row", at: Point(x: 0, y: 0), role: .normal)
        a.write("second", at: Point(x: 2, y: 1), role: .title)
        var b = ScreenBuffer(size: a.size)
        b.write("new", at: Point(x: 0, y: 0), role: .queueSelected)
        b.write("漢字", at: Point(x: 5, y: 0), role: .normal)
        b.write("second", at: Point(x: 2, y: 1), role: .title)
        var painted = a
        for run in b.changes(since: a) {
            painted.write(Sanitizer.line.sanitize(run.text), at: Point(x: run.x, y: run.y), role: run.role)
        }
        #expect(painted.textRows() == b.textRows())
        #expect(painted.roleRows() == b.roleRows())
        #expect(painted.changes(since: b).isEmpty)
    }

    @Test func overwritingHalfAWideGlyphLeavesNoOrphan() {
        var b = ScreenBuffer(size: size)
        b.write("漢", at: Point(x: 0, y: 0), role: .normal)
        b.write("x", at: Point(x: 1, y: 0), role: .normal)
        #expect(b.textRows()[0] == " x    ")
        #expect(b[0, 0].width == 1)
    }

    @Test func wideGlyphThatDoesNotFitLeavesABlank() {
        var b = ScreenBuffer(size: Size(columns: 3, rows: 1))
        let written = b.write("a漢字", at: Point(x: 0, y: 0), role: .normal)
        #expect(b.textRows() == ["a漢"])
        #expect(written == 3)
        var c = ScreenBuffer(size: Size(columns: 2, rows: 1))
        c.write("a漢", at: Point(x: 0, y: 0), role: .normal)
        #expect(c.textRows() == ["a "])
    }

    @Test func writesAreClippedToTheRect() {
        var b = ScreenBuffer(size: size)
        b.write("abcdef", at: Point(x: 1, y: 0), role: .normal, clip: Rect(x: 0, y: 0, width: 4, height: 1))
        #expect(b.textRows() == [" abc  ", "      "])
    }

    @Test func badgesKeepTheirRoleWhenWrittenAndRestyled() {
        var b = ScreenBuffer(size: size)
        b.write(Sanitizer.line.sanitize("a\u{7}b"), at: Point(x: 0, y: 0), role: .queueRow)
        b.restyle(b.area.row(0), role: .queueSelected)
        #expect(b.roleRows()[0] == String([StyleRole.queueSelected, .control, .queueSelected, .queueSelected, .queueSelected, .queueSelected].map(\.snapshotLetter)))
    }

    @Test func rowsInitialiserMatchesWrites() {
        var b = ScreenBuffer(size: Size(columns: 3, rows: 2))
        b.write("ab", at: Point(x: 0, y: 0), role: .normal)
        b.write("漢", at: Point(x: 0, y: 1), role: .normal)
        #expect(b == ScreenBuffer(rows: ["ab ", "漢 "]))
    }
}

@Suite struct LayoutTests {
    private let area = Rect(x: 0, y: 0, width: 10, height: 20)

    @Test func fixedPiecesKeepTheirSizeAndFillTakesTheRest() {
        let rects = Layout.split(area, [.fixed(1), .fill, .fixed(2)])
        #expect(rects.map(\.height) == [1, 17, 2])
        #expect(rects.map(\.y) == [0, 1, 18])
    }

    @Test func fillsShareEquallyWithRemainderFirst() {
        #expect(Layout.split(area, [.fill, .fill, .fill]).map(\.height) == [7, 7, 6])
    }

    @Test func atLeastGrowsOnlyWithoutFill() {
        #expect(Layout.split(area, [.atLeast(3), .fill]).map(\.height) == [3, 17])
        #expect(Layout.split(area, [.fixed(4), .atLeast(3)]).map(\.height) == [4, 16])
    }

    @Test func laterPiecesShrinkWhenSpaceRunsOut() {
        #expect(Layout.split(Rect(x: 0, y: 0, width: 10, height: 5), [.fixed(3), .fixed(3), .fill]).map(\.height) == [3, 2, 0])
    }

    @Test func horizontalSplitUsesWidth() {
        let rects = Layout.split(area, [.fixed(2), .fill], axis: .horizontal)
        #expect(rects.map(\.width) == [2, 8])
        #expect(rects[1].x == 2)
    }
}
