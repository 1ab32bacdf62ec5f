import QtQuick
import QtTest
import Qiusuo
import TranscriptTest

// The transcript page end to end: TranscriptBridge -> QWebChannel -> the
// bundled page in a real WebEngineView, checked through runJavaScript.
Item {
    id: root
    width: 900
    height: 640

    TranscriptBridge { id: bridge }
    // Switches the application palette, which Theme (and the view) follow.
    ThemeSwitcher { id: themeSwitcher }

    TranscriptView {
        id: view
        anchors.fill: parent
        bridge: bridge
        emptyTitle: "Nothing yet"
        emptyHint: "Say something"
    }

    SignalSpy { id: copySpy; target: bridge; signalName: "copyRequested" }
    SignalSpy { id: editSpy; target: bridge; signalName: "editRequested" }
    SignalSpy { id: regenerateSpy; target: bridge; signalName: "regenerateRequested" }
    SignalSpy { id: siblingSpy; target: bridge; signalName: "siblingRequested" }
    SignalSpy { id: deleteSpy; target: bridge; signalName: "deleteRequested" }
    SignalSpy { id: linkSpy; target: bridge; signalName: "linkActivated" }

    TestCase {
        id: test
        name: "TranscriptPage"
        when: windowShown

        readonly property string base: "http://127.0.0.1:" + Probe.port

        /// Runs `script` in the page and returns its value.
        function js(script) {
            let done = false
            let value
            view.runJavaScript(script, function (result) { value = result; done = true })
            tryVerify(function () { return done }, 5000, "no answer from the page to: " + script)
            return value
        }
        function q(id, selector) {
            return "document.querySelector('article[data-id=\"" + id + "\"] " + (selector || "") + "')"
        }
        function count(id, selector) {
            return js("document.querySelectorAll('article[data-id=\"" + id + "\"] " + selector + "').length")
        }
        /// Shows `messages` and waits until each is built (near the view).
        function show(messages, built) {
            Probe.setMessages(bridge, messages)
            const want = built === undefined ? messages.length : built
            tryVerify(function () {
                return js("document.querySelectorAll('#messages > article:not(.unrendered)').length") >= want
            }, 10000, "messages were not rendered")
        }
        function distanceFromBottom() {
            return js("(function () { const s = document.scrollingElement;"
                      + " return s.scrollHeight - s.scrollTop - s.clientHeight; })()")
        }

        function initTestCase() {
            tryVerify(function () { return view.pageReady }, 30000, "the page did not load")
            tryVerify(function () { return bridge.attached }, 10000, "the page did not attach to the bridge")
            tryVerify(function () { return js("document.documentElement.dataset.attached") === "true" })
        }

        function init() {
            for (const spy of [copySpy, editSpy, regenerateSpy, siblingSpy, deleteSpy, linkSpy])
                spy.clear()
            bridge.reasoningMode = "collapsed"
        }

        function test_hostilePayloadsNeverRunOrLoad() {
            const hits = Probe.serverHits
            const requests = Probe.remoteRequests.length
            show([
                { id: 1, role: "user", markdown: "<script>window.__pwned = 'script'</script> hello" },
                { id: 2, markdown: "<img src=\"" + base + "/raw.png\" onerror=\"window.__pwned = 'onerror'\">\n\n"
                                   + "<iframe src=\"" + base + "/frame\"></iframe>" },
                { id: 3, markdown: "[click me](javascript:window.__pwned='link') or [mail](mailto:a@example.com)" },
                { id: 4, markdown: "![remote picture](" + base + "/md.png) and <style>body { background: url("
                                   + base + "/css.png) }</style>" },
                { id: 5, reasoning: "thinking <script>window.__pwned = 'reasoning'</script> <img src=x onerror=\"window.__pwned = 'r'\">",
                  markdown: "The answer </think> is still the answer <think>not reasoning</think>" },
                { id: 6, markdown: "$\\href{javascript:window.__pwned='katex'}{x}$ and $\\url{" + base + "/u}$ and $\\includegraphics{"
                                   + base + "/g.png}$" },
                { id: 7, markdown: "<svg onload=\"window.__pwned = 'svg'\"></svg> <a href=\"" + base
                                   + "/a\" onclick=\"window.__pwned = 'a'\">raw link</a> <object data=\"" + base + "/o\"></object>" },
            ])
            // Open the reasoning pane so its HTML is rendered too.
            js(q(5, "details.reasoning > summary") + ".click()")
            tryVerify(function () { return count(5, ".reasoning-body p") > 0 })
            wait(1000) // time for anything that would load or run
            compare(js("typeof window.__pwned"), "undefined")
            compare(js("document.querySelectorAll('#messages script, #messages img, #messages iframe, #messages style,"
                       + " #messages svg, #messages object, #messages [onerror], #messages [onclick], #messages [onload]').length"), 0)
            compare(js("Array.from(document.scripts).every(function (s) { return s.src.startsWith('qrc:') })"), true)
            // Raw HTML is shown as text.
            verify(js(q(1, ".content") + ".textContent").indexOf("<script>window.__pwned") >= 0)
            verify(js(q(5, ".reasoning-body") + ".textContent").indexOf("<script>") >= 0)
            // javascript: lost its target; the image became a plain link.
            compare(js(q(3, "a") + ".hasAttribute('href')"), false)
            compare(js(q(3, "a[href^=\"mailto:\"]") + " !== null"), true)
            compare(js(q(4, "a") + ".getAttribute('href')"), base + "/md.png")
            compare(js(q(4, "a") + ".textContent"), "remote picture")
            // "</think>" in an answer stays in the answer, as text.
            verify(js(q(5, ".content") + ".textContent").indexOf("</think> is still the answer <think>") >= 0)
            // KaTeX is untrusted: no links, no images from \href, \url, \includegraphics.
            compare(count(6, "a"), 0)
            compare(Probe.serverHits, hits)
            compare(Probe.remoteRequests.length, requests)
            // A click made by script opens nothing.
            js(q(4, "a") + ".click()")
            wait(300)
            compare(linkSpy.count, 0)
            compare(Probe.serverHits, hits)
        }

        function test_aClickOpensALinkInTheSystemBrowserOnly() {
            const opened = Probe.openedUrls.length
            show([{ id: 1, markdown: "See [the docs](https://example.com/docs?a=1) now." }])
            const r = js("(function () { const b = " + q(1, "a") + ".getBoundingClientRect();"
                         + " return [b.left + b.width / 2, b.top + b.height / 2]; })()")
            mouseClick(view, r[0], r[1])
            tryCompare(linkSpy, "count", 1)
            compare(linkSpy.signalArguments[0][0], "https://example.com/docs?a=1")
            compare(linkSpy.signalArguments[0][1], true)
            compare(Probe.openedUrls.length, opened + 1)
            compare(Probe.openedUrls[opened], "https://example.com/docs?a=1")
            verify(view.url.toString().startsWith("qrc:/web/transcript.html"))
        }

        function test_navigationAndNewWindowsAreBlocked() {
            show([{ id: 1, markdown: "still here" }])
            const hits = Probe.serverHits
            const requests = Probe.remoteRequests.length
            js("window.location.href = '" + base + "/navigate'; true")
            js("window.__popup = window.open('" + base + "/popup'); true")
            wait(1000)
            verify(view.url.toString().startsWith("qrc:/web/transcript.html"))
            compare(js(q(1, ".content") + ".textContent"), "still here")
            compare(js("window.__popup === null || window.__popup === undefined"), true)
            compare(Probe.serverHits, hits)
            compare(Probe.remoteRequests.length, requests)
        }

        function test_mathIsTypesetAndErrorsAreMarked() {
            show([
                { id: 1, markdown: "Euler: $e^{i\\pi} + 1 = 0$ inline." },
                { id: 2, markdown: "$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$" },
                { id: 3, markdown: "Water: $\\ce{2H2 + O2 -> 2H2O}$, gravity $\\pu{9.8 m/s^2}$." },
                { id: 4, markdown: "Broken: $\\frac{1}{$ and $\\notacommand{x}$ end." },
                { id: 5, markdown: "It costs $5 and $10 today." },
                { id: 6, markdown: "\\(a^2+b^2=c^2\\) and \\[x = \\sqrt{2}\\]" },
                { id: 7, markdown: "| n | $n^2$ |\n|---|---|\n| 3 | $9$ |" },
            ])
            tryVerify(function () { return count(1, ".katex") === 1 })
            compare(count(2, ".katex-display"), 1)
            compare(count(3, ".katex"), 2)
            compare(count(3, ".katex-error"), 0)
            compare(count(3, ".math-error"), 0)
            // Both invalid formulas show their source, marked as errors.
            compare(count(4, ".math-error"), 2)
            const broken = js(q(4, ".content") + ".textContent")
            verify(broken.indexOf("\\frac{1}{") >= 0, broken)
            verify(broken.indexOf("\\notacommand{x}") >= 0, broken)
            verify(broken.indexOf("end.") >= 0, broken)
            // Currency stays text.
            compare(count(5, ".katex"), 0)
            compare(js(q(5, ".content") + ".textContent"), "It costs $5 and $10 today.")
            compare(count(6, ".katex"), 2)
            compare(count(6, ".katex-display"), 1)
            compare(count(7, "td .katex, th .katex"), 2)
        }

        function test_codeIsHighlightedWithLabelAndCopyButton() {
            const code = "def add(a, b):\n    return a + b  # costs $5, not $x$\n"
            show([{ id: 1, markdown: "```python\n" + code + "```\n\nand\n\n```\nplain text\n```" }])
            tryVerify(function () { return count(1, ".code-block") === 2 })
            compare(js(q(1, ".code-lang") + ".textContent"), "python")
            verify(count(1, "code.hljs .hljs-keyword") >= 2)
            compare(count(1, ".katex"), 0)
            compare(js(q(1, ".code-block code") + ".textContent"), code)
            js(q(1, ".code-copy") + ".click()")
            tryVerify(function () { return Probe.clipboardText() === code }, 5000, "code was not copied")
        }

        function test_reasoningPaneTimesAndCollapses() {
            show([{ id: 1, role: "user", markdown: "Why?" },
                  { id: 2, reasoning: "Let me think about $x^2$.", reasoningMs: 2000, reasoningActive: true,
                    streaming: true }])
            const pane = q(2, "details.reasoning")
            const label = function () { return js(pane + ".querySelector('.reasoning-label').textContent") }
            compare(js(pane + ".dataset.state"), "active")
            compare(js(pane + ".open"), true)
            verify(/^Thinking… [23] s$/.test(label()), label())
            // The page counts on by itself while reasoning streams.
            tryVerify(function () { return /^Thinking… [4-9] s$/.test(label()) }, 6000, "the timer did not run")
            // Reasoning is Markdown with math.
            tryVerify(function () { return count(2, ".reasoning-body .katex") === 1 })
            // The answer starts: the pane collapses to the final time.
            Probe.updateMessage(bridge, { id: 2, reasoning: "Let me think about $x^2$.", reasoningMs: 34000,
                                          reasoningActive: false, streaming: true, markdown: "Because." })
            tryVerify(function () { return label() === "Thought for 34 s" }, 5000, label())
            compare(js(pane + ".open"), false)
            compare(js(pane + ".dataset.state"), "done")
            // Expandable by the user, and the user's choice survives updates.
            js(pane + ".querySelector('summary').click()")
            tryVerify(function () { return js(pane + ".open") === true })
            Probe.updateMessage(bridge, { id: 2, reasoning: "Let me think about $x^2$.", reasoningMs: 34000,
                                          markdown: "Because of that." })
            tryVerify(function () { return js(q(2, ".content") + ".textContent") === "Because of that." })
            compare(js(pane + ".open"), true)
            // Settings: hidden, expanded.
            bridge.reasoningMode = "hidden"
            tryVerify(function () { return js(pane + ".hidden") === true })
            bridge.reasoningMode = "expanded"
            tryVerify(function () { return js(pane + ".hidden") === false })
            show([{ id: 3, reasoning: "Short thought.", reasoningMs: 1000, markdown: "Done." }])
            tryVerify(function () { return js(q(3, "details.reasoning") + ".open") === true })
            bridge.reasoningMode = "collapsed"
            tryVerify(function () { return js(q(3, "details.reasoning") + ".open") === false })
            // No reasoning, no pane.
            show([{ id: 4, markdown: "Plain answer." }])
            compare(js(q(4, "details.reasoning") + ".hidden"), true)
        }
        function test_timerStopsOnStopAndError() {
            show([{ id: 1, reasoning: "hmm", reasoningMs: 5000, reasoningActive: true, streaming: true },
                  { id: 2, reasoning: "hmm", reasoningMs: 7000, reasoningActive: true, streaming: true }])
            tryVerify(function () { return js(q(1, "details.reasoning") + ".dataset.state") === "active" })
            Probe.updateMessage(bridge, { id: 1, reasoning: "hmm", reasoningMs: 5000, reasoningActive: true,
                                          interrupted: true })
            Probe.updateMessage(bridge, { id: 2, reasoning: "hmm", reasoningMs: 7000, reasoningActive: true,
                                          error: "The connection was lost." })
            tryVerify(function () { return js(q(1, "details.reasoning") + ".dataset.state") === "done" })
            tryVerify(function () { return js(q(2, "details.reasoning") + ".dataset.state") === "done" })
            wait(1600)
            compare(js(q(1, ".reasoning-label") + ".textContent"), "Thought for 5 s")
            compare(js(q(2, ".reasoning-label") + ".textContent"), "Thought for 7 s")
            compare(js(q(1, ".stopped") + ".hidden"), false)
            compare(js(q(1, ".stopped") + ".textContent"), "Stopped")
            compare(js(q(2, ".error") + ".textContent"), "The connection was lost.")
            compare(js(q(2, ".error") + ".hidden"), false)
            compare(js(q(2, ".stopped") + ".hidden"), true)
        }

        function test_streamingTouchesOnlyTheChangedMessage() {
            show([{ id: 1, role: "user", markdown: "Question with $a+b$" },
                  { id: 2, markdown: "First answer.\n\n```js\nlet x = 1\n```\n\n$$E=mc^2$$" },
                  { id: 3, markdown: "Start.", streaming: true }])
            tryVerify(function () { return count(2, ".katex") === 1 && count(2, ".code-block") === 1 })
            let text = "Start."
            for (let i = 0; i < 10; ++i) {
                text += " word" + i + " $x_" + i + "$"
                Probe.updateMessage(bridge, { id: 3, markdown: text, streaming: true })
                wait(16)
            }
            text += "\n\nSecond paragraph"
            Probe.updateMessage(bridge, { id: 3, markdown: text, streaming: true })
            tryVerify(function () { return count(3, ".content > p") === 2 })
            js("window.__keep = { user: " + q(1, ".content > p") + ", code: " + q(2, ".code-block") + ", math: "
               + q(2, ".katex") + ", first: " + q(3, ".content > p") + ", article: " + q(3) + " }; true")
            for (let i = 0; i < 30; ++i) {
                text += (i % 7 === 6 ? "\n\n" : " ") + "more" + i + " $y_" + i + "$"
                Probe.updateMessage(bridge, { id: 3, markdown: text, streaming: true })
                wait(16)
            }
            Probe.updateMessage(bridge, { id: 3, markdown: text, streaming: false })
            tryVerify(function () { return js(q(3, ".content") + ".textContent").indexOf("more29") >= 0 })
            tryVerify(function () { return js(q(3) + ".dataset.streaming") === "false" })
            // Other messages' nodes are the very same objects, still in the page.
            compare(js("window.__keep.user === " + q(1, ".content > p") + " && window.__keep.user.isConnected"), true)
            compare(js("window.__keep.code === " + q(2, ".code-block") + " && window.__keep.code.isConnected"), true)
            compare(js("window.__keep.math === " + q(2, ".katex") + " && window.__keep.math.isConnected"), true)
            // Within the streamed message, finished blocks are kept as well.
            compare(js("window.__keep.first === " + q(3, ".content > p") + " && window.__keep.first.isConnected"), true)
            compare(js("window.__keep.article === " + q(3)), true)
            compare(count(3, ".katex"), 40)
        }

        function test_sticksToTheBottomUnlessScrolledUp() {
            const messages = []
            for (let i = 1; i <= 80; ++i)
                messages.push({ id: i, role: i % 2 ? "user" : "assistant",
                                markdown: "Message " + i + "\n\n" + "lorem ipsum dolor ".repeat(30) })
            messages.push({ id: 81, markdown: "Streaming", streaming: true })
            show(messages, 3)
            tryVerify(function () { return distanceFromBottom() < 48 }, 5000, "not at the bottom")
            // Only the last messages are in the page, and only those near the
            // view are built.
            const inPage = js("document.querySelectorAll('#messages > article').length")
            verify(inPage < 81, inPage)
            verify(js("document.querySelectorAll('article.unrendered').length") > 10)
            let text = "Streaming"
            for (let i = 0; i < 20; ++i) {
                text += "\n\nmore line " + i
                Probe.updateMessage(bridge, { id: 81, markdown: text, streaming: true })
                wait(20)
            }
            tryVerify(function () { return js(q(81, ".content") + ".textContent").indexOf("more line 19") >= 0 })
            tryVerify(function () { return distanceFromBottom() < 48 }, 3000, "did not follow the stream")
            compare(js("document.getElementById('jump').hidden"), true)
            // The user scrolls up: the view stays where the user put it.
            mouseWheel(view, 400, 300, 0, 2400)
            tryVerify(function () { return distanceFromBottom() > 400 }, 5000, "the wheel did not scroll")
            wait(300)
            const top = js("document.scrollingElement.scrollTop")
            for (let i = 20; i < 30; ++i) {
                text += "\n\nmore line " + i
                Probe.updateMessage(bridge, { id: 81, markdown: text, streaming: true })
                wait(20)
            }
            tryVerify(function () { return js(q(81, ".content") + ".textContent").indexOf("more line 29") >= 0 })
            wait(100)
            verify(Math.abs(js("document.scrollingElement.scrollTop") - top) < 2, "the view jumped")
            compare(js("document.getElementById('jump').hidden"), false)
            compare(js("document.querySelector('#jump .jump-label').textContent"), "Jump to latest")
            js("document.getElementById('jump').click()")
            tryVerify(function () { return distanceFromBottom() < 48 })
            tryVerify(function () { return js("document.getElementById('jump').hidden") === true })
            // A search result opens the conversation at a message.
            Probe.scrollToMessage(bridge, 10)
            tryVerify(function () {
                return js("Math.abs(" + q(10) + ".getBoundingClientRect().top) < 60")
            }, 5000, "did not scroll to the message")
            compare(js(q(10) + ".classList.contains('unrendered')"), false)
            // Scrolling to the top brings in the earliest messages.
            js("document.scrollingElement.scrollTop = 0; true")
            tryVerify(function () { return js(q(1) + " !== null") }, 5000)
            compare(js("document.querySelectorAll('#messages > article').length"), 81)
            compare(js("Array.from(document.querySelectorAll('#messages > article')).map(function (a) { return a.dataset.id }).join()"),
                    Array.from({ length: 81 }, function (_, i) { return String(i + 1) }).join())
        }

        function test_themeAndFontSizeRestyleInPlace() {
            const messages = []
            for (let i = 1; i <= 30; ++i)
                messages.push({ id: i, role: i % 2 ? "user" : "assistant",
                                markdown: "Message " + i + "\n\n" + "lorem ipsum dolor ".repeat(30) })
            show(messages, 3)
            tryVerify(function () { return distanceFromBottom() < 48 }, 5000, "not at the bottom")
            compare(js("document.documentElement.dataset.theme"), "light")
            compare(js("getComputedStyle(document.body).color"), "rgb(31, 35, 40)")
            compare(js("getComputedStyle(document.body).fontSize"), "15px")
            // Set in this page's life: a reload would lose it.
            js("window.qiusuoTestMark = 42; true")

            themeSwitcher.theme = "dark"
            tryVerify(function () { return Theme.dark })
            compare(bridge.theme, "dark")
            tryVerify(function () { return js("document.documentElement.dataset.theme") === "dark" }, 5000)
            compare(js("getComputedStyle(document.body).color"), "rgb(230, 231, 234)")

            Theme.baseFontSize = 21 // the body's 15 px at 14 scales to 22.5 px
            tryVerify(function () { return js("getComputedStyle(document.body).fontSize") === "22.5px" }, 5000)
            // Still the same page, the same messages, and still at the bottom.
            compare(js("window.qiusuoTestMark"), 42)
            compare(js("document.querySelectorAll('#messages > article').length"), 30)
            tryVerify(function () { return distanceFromBottom() < 48 }, 5000, "lost the bottom")

            themeSwitcher.theme = "system"
            Theme.baseFontSize = 14
            tryVerify(function () { return js("document.documentElement.dataset.theme") === "light" }, 5000)
            tryVerify(function () { return js("getComputedStyle(document.body).fontSize") === "15px" }, 5000)
            compare(js("window.qiusuoTestMark"), 42)
        }

        function test_actionsCallTheBridge() {
            show([{ id: 11, role: "user", markdown: "Hi" },
                  { id: 12, markdown: "Hello", siblingIndex: 1, siblingCount: 3,
                    stats: "tiny · 3 tokens · 12.0 tok/s" }])
            compare(js(q(12, ".sibling-label") + ".textContent"), "2/3")
            compare(js(q(12, ".stats") + ".textContent"), "tiny · 3 tokens · 12.0 tok/s")
            compare(js(q(11, ".siblings") + ".hidden"), true)
            compare(js(q(11, ".edit") + ".hidden"), false)
            compare(js(q(12, ".edit") + ".hidden"), true)
            compare(js(q(11, ".regenerate") + ".hidden"), true)
            compare(js(q(12, ".regenerate") + ".hidden"), false)
            js(q(11, ".edit") + ".click()")
            tryCompare(editSpy, "count", 1)
            compare(editSpy.signalArguments[0][0], 11)
            js(q(12, ".regenerate") + ".click()")
            tryCompare(regenerateSpy, "count", 1)
            compare(regenerateSpy.signalArguments[0][0], 12)
            js(q(12, ".sibling-prev") + ".click()")
            js(q(12, ".sibling-next") + ".click()")
            tryCompare(siblingSpy, "count", 2)
            compare(siblingSpy.signalArguments[0][0], 12)
            compare(siblingSpy.signalArguments[0][1], -1)
            compare(siblingSpy.signalArguments[1][1], 1)
            js(q(12, ".copy") + ".click()")
            tryCompare(copySpy, "count", 1)
            compare(copySpy.signalArguments[0][0], 12)
            js(q(11, ".delete") + ".click()")
            tryCompare(deleteSpy, "count", 1)
            compare(deleteSpy.signalArguments[0][0], 11)
        }

        function test_appendRemoveClearAndReload() {
            show([{ id: 1, role: "user", markdown: "one" }])
            Probe.appendMessage(bridge, { id: 2, markdown: "two" })
            tryVerify(function () { return js(q(2, ".content") + "?.textContent") === "two" })
            Probe.removeMessage(bridge, 1)
            tryVerify(function () { return js(q(1) + " === null") })
            compare(js("document.querySelectorAll('#messages > article').length"), 1)
            // A reload gets everything back from the bridge's snapshot.
            Probe.appendMessage(bridge, { id: 3, markdown: "three $x$" })
            view.reload()
            tryVerify(function () { return js("document.documentElement.dataset.attached") === "true" }, 20000)
            tryVerify(function () { return count(3, ".katex") === 1 }, 10000)
            compare(js("document.querySelectorAll('#messages > article').length"), 2)
            bridge.clear()
            tryVerify(function () { return js("document.querySelectorAll('#messages > article').length") === 0 })
            tryVerify(function () { return js("document.getElementById('empty').hidden") === false })
            compare(js("document.getElementById('empty-title').textContent"), "Nothing yet")
        }
    }
}
