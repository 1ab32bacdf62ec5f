#pragma once
/// @brief Which SIMD kernel set the CPU engine runs: detected once at run
/// time, overridable with the environment variable QIUSUO_CPU_ISA
/// (`portable`, `avx2`, `avx512`, or `auto`).

#include <string_view>

namespace qiusuo::cpu {

enum class Isa { Portable, Avx2, Avx512 };

std::string_view isaName(Isa isa);

/// Whether this CPU can run the kernel set.
bool isaSupported(Isa isa);

/// The best set this CPU supports.
Isa bestIsa();

/// The set matmul uses by default: QIUSUO_CPU_ISA when set, else bestIsa().
/// Throws qiusuo::Error when the variable names an unknown set or one this
/// CPU cannot run.
Isa activeIsa();

/// Parses "portable" / "avx2" / "avx512" / "auto" (case-insensitive); throws
/// qiusuo::Error naming the value otherwise, or when the CPU lacks the set.
Isa parseIsa(std::string_view name);

} // namespace qiusuo::cpu
