#include "bench/memory/procstatus.h"

#include "inference/error.h"

#include <fstream>
#include <string>

namespace qiusuo::bench {

ProcStatus ProcStatus::read()
{
    std::ifstream in("/proc/self/status");
    if (!in)
        throw Error("cannot read /proc/self/status: bench_memory measures Linux processes only");
    ProcStatus s;
    int found = 0;
    std::string key;
    while (in >> key) {
        std::uint64_t kib = 0;
        std::uint64_t* field = key == "RssAnon:" ? &s.rssAnon
                               : key == "RssFile:" ? &s.rssFile
                               : key == "RssShmem:" ? &s.rssShmem
                               : key == "VmHWM:" ? &s.peak
                                                 : nullptr;
        if (field && in >> kib) {
            *field = kib * 1024;
            ++found;
        }
        in.ignore(4096, '\n');
    }
    if (found != 4)
        throw Error("/proc/self/status lacks RssAnon, RssFile, RssShmem or VmHWM (a kernel older than 4.5?)");
    return s;
}

} // namespace qiusuo::bench
