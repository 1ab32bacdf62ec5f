// A writer process killed with SIGKILL mid-stream loses nothing it committed
// and leaves a sound file. The writer is qiusuo_storage_stream_writer
// (streamwriter.cpp); it reports each commit on a pipe.
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "tests/storage/streamwriter.h"
#include "tests/storage/tempdir.h"

#include <gtest/gtest.h>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <sstream>

namespace qiusuo::storage {
namespace {

struct Committed {
    char kind = 'U';
    long n = 0;
    std::size_t length = 0;
};

/// Runs the writer on `db` until it has reported `killAfter` commits, kills
/// it with SIGKILL, and returns the last commit it reported per message.
std::map<std::int64_t, Committed> runAndKill(const std::filesystem::path& db, int killAfter)
{
    int fds[2];
    if (pipe(fds) != 0)
        throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(QIUSUO_STREAM_WRITER, QIUSUO_STREAM_WRITER, db.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    std::map<std::int64_t, Committed> committed;
    std::string buffer;
    int lines = 0;
    bool killed = false;
    for (;;) {
        pollfd p{fds[0], POLLIN, 0};
        if (poll(&p, 1, 20000) <= 0) {
            ADD_FAILURE() << "the writer went silent for 20 s";
            kill(pid, SIGKILL);
            killed = true;
            break;
        }
        char chunk[4096];
        const ssize_t got = read(fds[0], chunk, sizeof chunk);
        if (got <= 0)
            break; // the writer is gone and everything it wrote has been read
        buffer.append(chunk, static_cast<std::size_t>(got));
        for (std::size_t eol; (eol = buffer.find('\n')) != std::string::npos; buffer.erase(0, eol + 1)) {
            std::istringstream line(buffer.substr(0, eol));
            Committed c;
            std::int64_t id = 0;
            line >> c.kind >> id >> c.n >> c.length;
            committed[id] = c;
            if (++lines == killAfter && !killed) {
                kill(pid, SIGKILL); // mid-stream: the writer never pauses
                killed = true;
            }
        }
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the writer ended on its own (status " << status << "); is " << QIUSUO_STREAM_WRITER << " built?";
    EXPECT_TRUE(buffer.empty()) << "torn report line: " << buffer;
    return committed;
}

TEST(StorageCrash, SigkillDuringStreamingLosesNothingCommitted)
{
    test::TempDir dir;
    const auto path = dir / "qiusuo.db";
    std::size_t seen = 0;
    // Three rounds on one file: each also reopens what the last kill left.
    for (int round = 0; round < 3; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        const auto committed = runAndKill(path, 150 + 97 * round);
        ASSERT_GE(committed.size(), 7u);
        seen += committed.size();

        Database db = Database::open(path);
        EXPECT_EQ(db.integrityCheck(), "ok");
        // The full-text index matches the table (FTS5 raises an error if not).
        EXPECT_NO_THROW(db.exec("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)"));
        ConversationStore store(db);
        for (const auto& [id, c] : committed) {
            const auto m = store.findMessage(id);
            ASSERT_TRUE(m) << "committed message " << id << " is missing";
            // The saved text is the committed one or a later, longer commit.
            EXPECT_GE(m->content.size(), c.length) << id;
            EXPECT_TRUE(m->content == test::streamedText(c.n, m->content.size())) << id;
            if (c.kind == 'F') {
                EXPECT_EQ(m->status, MessageStatus::Complete) << id;
                EXPECT_EQ(m->content.size(), c.length) << id;
            }
        }
        // At most the one answer being written when the kill came.
        EXPECT_LE(store.recoverInterrupted(), 1);
        Statement streaming = db.prepare("SELECT count(*) FROM messages WHERE status = 'streaming'");
        ASSERT_TRUE(streaming.step());
        EXPECT_EQ(streaming.int64(0), 0);
    }
    Database db = Database::open(path);
    Statement count = db.prepare("SELECT count(*) FROM messages WHERE role = 'assistant'");
    ASSERT_TRUE(count.step());
    EXPECT_GE(static_cast<std::size_t>(count.int64(0)), seen);
}

} // namespace
} // namespace qiusuo::storage
