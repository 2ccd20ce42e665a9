// The one doctest runner; meson runs it once per test file (--source-file).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
