import Testing
@testable import ApprovalViewModels

@Suite struct ConsoleCommandTests {
    @Test func wordsAndAliasesParse() {
        #expect(ConsoleCommand.parse("queue") == .success(.queue))
        #expect(ConsoleCommand.parse("  flows ") == .success(.flows))
        #expect(ConsoleCommand.parse("pol") == .success(.policies))
        #expect(ConsoleCommand.parse("journal") == .success(.journal))
        #expect(ConsoleCommand.parse("jo") == .success(.journal))
        #expect(ConsoleCommand.parse("q") == .success(.quit))
        #expect(ConsoleCommand.parse("theme high-contrast") == .success(.theme("high-contrast")))
        #expect(ConsoleCommand.parse("server staging") == .success(.server("staging")))
    }

    @Test func unknownAndIncompleteCommandsAreErrors() {
        #expect(ConsoleCommand.parse("fly") == .failure(.unknown("fly")))
        #expect(ConsoleCommand.parse("theme") == .failure(.missingArgument(command: "theme")))
        #expect(ConsoleCommand.parse("") == .failure(.empty))
    }

    @Test func unknownCommandShowsAMessageAndStaysOnTheScreen() {
        var harness = ConsoleHarness(ConsoleFixtures.loaded())
        harness.press(.character(":"))
        harness.type("fly")
        #expect(harness.press(.enter).isEmpty)
        #expect(harness.state.screen == .queue)
        #expect(harness.state.status?.kind == .error)
        #expect(harness.shows("unknown command \"fly\""))
    }

    @Test func themeCommandAsksTheLoopToLoadIt() {
        var harness = ConsoleHarness(ConsoleFixtures.loaded())
        harness.press(.character(":"))
        harness.type("theme mono")
        #expect(harness.press(.enter) == [.loadTheme("mono")])
        _ = harness.state.update(.themeChanged(.success("mono")))
        #expect(harness.state.themeName == "mono")
        _ = harness.state.update(.themeChanged(.failure(.notFound(name: "nope", searched: ["themes"]))))
        #expect(harness.state.status?.kind == .error)
    }

    @Test func tabCompletesACommandWord() {
        var harness = ConsoleHarness(ConsoleFixtures.loaded())
        harness.press(.character(":"))
        harness.type("pol")
        harness.press(.tab)
        #expect(harness.state.input == .command("policies "))
        #expect(harness.press(.enter) == [])
        #expect(harness.state.screen == .policies)
    }
}

@Suite struct KeymapTests {
    @Test func screenBindingsWinOverGlobalOnes() {
        #expect(Keymap.default.binding(for: .character("q"), on: .queue)?.action == .quit)
        #expect(Keymap.default.binding(for: .character("q"), on: .detail)?.action == .back)
        #expect(Keymap.default.binding(for: .character("/"), on: .log)?.action == .startSearch)
        #expect(Keymap.default.binding(for: .character("/"), on: .queue)?.action == .startFilter)
    }

    @Test func readOnlyDropsEveryMutatingBindingFromMatchingAndHelp() {
        let keymap = Keymap.default.readOnly()
        for screen in ScreenID.allCases {
            #expect(!keymap.fullHelp(for: screen).joined().contains { $0.isMutating })
        }
        #expect(keymap.binding(for: .character("s"), on: .flows) == nil)
        #expect(keymap.binding(for: .character("j"), on: .queue)?.action == .moveDown)
    }

    @Test func noKeyIsBoundTwiceOnOneScreen() {
        for (screen, bindings) in Keymap.default.screens {
            let keys = bindings.flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "duplicate key on \(screen)")
        }
    }

    @Test func helpShowsGlobalBindingsTheScreenDoesNotShadow() {
        let help = Keymap.default.fullHelp(for: .detail)
        #expect(help.count == 2)
        #expect(help[1].contains { $0.action == .showHelp })
        #expect(!help[1].contains { $0.action == .back })
    }
}

@Suite struct KeymapMarkdownTests {
    @Test func cheatSheetListsEveryBindingOfEveryScreen() {
        let text = Keymap.default.markdown()
        for bindings in Keymap.default.screens.values {
            for binding in bindings { #expect(text.contains("| `\(binding.label)` | \(binding.summary)")) }
        }
        #expect(text.contains("approve (marked: all, confirmed) (off in --read-only)"))
        #expect(!Keymap.default.readOnly().markdown().contains("off in --read-only"))
    }
}
