// Child process of the SIGKILL test (crashtest.cpp): streams answers into a
// database as fast as it can, and after each commit writes one line to
// stdout saying what is now committed:
//   U <message id> <n> <length>   an updateStreaming of message text n to length
//   F <message id> <n> <length>   finishMessage(Complete) with that text
// It runs until killed. Usage: qiusuo_storage_stream_writer DB_PATH
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "tests/storage/streamwriter.h"

#include <unistd.h>

#include <cstdio>
#include <exception>
#include <string>

using namespace qiusuo::storage;
using qiusuo::storage::test::streamedText;

namespace {

void report(char kind, std::int64_t id, long n, std::size_t length)
{
    char line[96];
    const int size = std::snprintf(line, sizeof line, "%c %lld %ld %zu\n", kind, static_cast<long long>(id), n,
                                   length);
    // One write() of under PIPE_BUF bytes: a line is never torn.
    if (write(STDOUT_FILENO, line, static_cast<std::size_t>(size)) != size)
        _exit(3);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DB_PATH\n", argv[0]);
        return 2;
    }
    try {
        Database db = Database::open(argv[1]);
        ConversationStore store(db);
        const auto conv = store.createConversation("killed mid-stream");
        std::optional<std::int64_t> parent;
        for (long n = 0;; ++n) {
            NewMessage q;
            q.content = "question " + std::to_string(n);
            parent = store.appendMessage(conv.id, parent, q);
            NewMessage draft;
            draft.role = MessageRole::Assistant;
            draft.status = MessageStatus::Streaming;
            const std::int64_t id = store.appendMessage(conv.id, parent, draft);
            std::size_t length = 0;
            for (int step = 0; step < 20; ++step) {
                length += 37 + static_cast<std::size_t>(step * 13);
                const std::string text = streamedText(n, length);
                store.updateStreaming(id, text, "reasoning " + std::to_string(step));
                report('U', id, n, length);
            }
            length += 5;
            store.finishMessage(id, MessageStatus::Complete, streamedText(n, length), "done", {});
            report('F', id, n, length);
            parent = id;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "stream writer: %s\n", e.what());
        return 1;
    }
}
