#include "inference/cpu/isa.h"

#include "inference/error.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

namespace qiusuo::cpu {

std::string_view isaName(Isa isa)
{
    switch (isa) {
    case Isa::Portable: return "portable";
    case Isa::Avx2: return "avx2";
    case Isa::Avx512: return "avx512";
    }
    return "unknown";
}

bool isaSupported(Isa isa)
{
    switch (isa) {
    case Isa::Portable:
        return true;
    case Isa::Avx2:
#if defined(__x86_64__) || defined(__i386__)
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
               __builtin_cpu_supports("f16c");
#else
        return false;
#endif
    case Isa::Avx512:
        // The AVX-512 set's integer kernels are built on VNNI (vpdpbusd); an
        // AVX-512 CPU without it runs the AVX2 set.
#if defined(__x86_64__) || defined(__i386__)
        return isaSupported(Isa::Avx2) && __builtin_cpu_supports("avx512f") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vnni");
#else
        return false;
#endif
    }
    return false;
}

Isa bestIsa()
{
    for (Isa isa : {Isa::Avx512, Isa::Avx2})
        if (isaSupported(isa))
            return isa;
    return Isa::Portable;
}

Isa parseIsa(std::string_view name)
{
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.empty() || lower == "auto")
        return bestIsa();
    for (Isa isa : {Isa::Portable, Isa::Avx2, Isa::Avx512}) {
        if (lower == isaName(isa)) {
            if (!isaSupported(isa))
                throw Error("QIUSUO_CPU_ISA asks for the " + lower +
                            " kernels, but this CPU (or this build) cannot run them; use "
                            "portable, auto, or " + std::string(isaName(bestIsa())) + ".");
            return isa;
        }
    }
    throw Error("QIUSUO_CPU_ISA is \"" + std::string(name) +
                "\", which is not a kernel set; use portable, avx2, avx512 or auto.");
}

Isa activeIsa()
{
    static const Isa isa = [] {
        const char* env = std::getenv("QIUSUO_CPU_ISA");
        return parseIsa(env ? env : "auto");
    }();
    return isa;
}

} // namespace qiusuo::cpu
