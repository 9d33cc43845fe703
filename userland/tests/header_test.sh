#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The public headers are usable as is: <linux/vctx.h> alone in strict C99
# (and -m32, where the layout must not change), <libvctx.h> from C++.
. "$(dirname "$0")/../../selftests/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-cc}

uapi_header_compiles_alone_in_strict_c99() {
	echo '#include <linux/vctx.h>
int main(void) { struct vctx_version v = { 0 }; return (int)v.flags; }' |
		$CC -std=c99 -pedantic-errors -Wall -Wextra -Werror -I"$top/uapi" -x c -o /dev/null -
}

library_header_compiles_as_cpp() {
	command -v c++ >/dev/null || { echo "c++ not installed (package g++)"; return 1; }
	echo '#include <libvctx.h>
int main() { struct vctx_version v = {}; return v.flags; }' |
		c++ -Wall -Wextra -Werror -I"$top/uapi" -I"$top/userland/lib" -x c++ -fsyntax-only -
}

check "uapi header compiles alone in strict C99" uapi_header_compiles_alone_in_strict_c99
check "library header compiles as C++" library_header_compiles_as_cpp
done_testing
