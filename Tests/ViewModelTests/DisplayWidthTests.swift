import Testing
@testable import ApprovalViewModels

@Suite struct DisplayWidthTests {
    @Test func asciiTakesOneColumnEach() {
        #expect(DisplayWidth.of("hello") == 5)
    }

    @Test func cjkAndFullwidthTakeTwoColumns() {
        #expect(DisplayWidth.of("漢字") == 4)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("ＡＢ") == 4)
        #expect(DisplayWidth.of("カタカナ") == 8)
    }

    @Test func emojiTakeTwoColumns() {
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("👩\u{200D}👩\u{200D}👧") == 2)
        #expect(DisplayWidth.of("👍🏽") == 2)
        #expect(DisplayWidth.of("🇩🇪") == 2)
        #expect(DisplayWidth.of("❤\u{FE0F}") == 2)
    }

    @Test func combiningMarksBelongToTheirCluster() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("a\u{300}\u{301}\u{302}") == 1)
    }

    @Test func controlsTakeNoColumns() {
        #expect(DisplayWidth.of("\u{1B}") == 0)
        #expect(DisplayWidth.of("\u{7}") == 0)
        #expect(DisplayWidth.of(Character("\u{85}")) == 0)
    }

    @Test func cuttingNeverSplitsAWideGlyph() {
        let text = Sanitizer.line.sanitize("漢字漢字")
        #expect(text.truncated(toWidth: 4).description == "漢…")
        #expect(text.truncated(toWidth: 4).displayWidth == 3)
        #expect(text.truncated(toWidth: 8).description == "漢字漢字")
        #expect(Sanitizer.line.sanitize("abcdef").truncated(toWidth: 4).description == "abc…")
    }

    @Test func wrappingBreaksAfterSpacesAndByColumns() {
        let text = Sanitizer.multiline.sanitize("one two three\nfour")
        #expect(text.wrapped(toWidth: 8).map(\.description) == ["one two ", "three", "four"])
        #expect(Sanitizer.line.sanitize("abcdefgh").wrapped(toWidth: 3).map(\.description) == ["abc", "def", "gh"])
    }
}
