#include "inference/error.h"
#include "inference/remote/baseurl.h"

#include <gtest/gtest.h>

namespace qiusuo::remote {
namespace {

TEST(BaseUrl, HttpsAnywhereHttpOnlyToLoopback)
{
    EXPECT_NO_THROW(BaseUrl::parse("https://api.deepseek.com", false));
    for (const char* local : {"http://127.0.0.1:8080/v1", "http://localhost:11434/v1", "http://[::1]:8000",
                              "http://127.1.2.3/v1", "http://LOCALHOST/v1", "http://my.localhost:1/"})
        EXPECT_NO_THROW(BaseUrl::parse(local, false)) << local;
    for (const char* remote : {"http://192.168.1.10:8000/v1", "http://example.com/v1", "http://localhost.example.com/",
                               "http://128.0.0.1/", "http://[::2]/"}) {
        try {
            BaseUrl::parse(remote, false);
            ADD_FAILURE() << remote << " accepted";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("unencrypted"), std::string::npos) << e.what();
        }
        EXPECT_NO_THROW(BaseUrl::parse(remote, true)) << remote;
    }
}

TEST(BaseUrl, RejectsWhatIsNotAnApiRoot)
{
    EXPECT_THROW(BaseUrl::parse("", false), Error);
    EXPECT_THROW(BaseUrl::parse("api.deepseek.com", false), Error);
    EXPECT_THROW(BaseUrl::parse("ftp://example.com/", true), Error);
    EXPECT_THROW(BaseUrl::parse("https://example.com/v1?x=1", false), Error);
    EXPECT_THROW(BaseUrl::parse("https://user:secret@example.com/v1", false), Error);
    EXPECT_THROW(BaseUrl::parse("https://exa mple.com/", false), Error);
}

TEST(BaseUrl, JoinsPathsWithOneSlash)
{
    EXPECT_EQ(BaseUrl::parse("https://api.deepseek.com", false).join("chat/completions"),
              "https://api.deepseek.com/chat/completions");
    EXPECT_EQ(BaseUrl::parse("http://127.0.0.1:8080/v1//", false).join("/models"),
              "http://127.0.0.1:8080/v1/models");
    EXPECT_EQ(BaseUrl::parse("https://api.deepseek.com/", false).host(), "api.deepseek.com");
}

} // namespace
} // namespace qiusuo::remote
