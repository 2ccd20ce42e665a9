// tally-bridge: stdio <-> Streamable HTTP relay (issues 4 and 5 fill this in).
#include <cstdio>
#include <cstring>

#include "tally_version.h"

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--version") == 0) {
    std::printf("tally-bridge %s\n", TALLY_VERSION);
    return 0;
  }
  std::fprintf(stderr, "usage: tally-bridge <server-url> [callback-port] [flags]\n");
  return argc > 1 && std::strcmp(argv[1], "--help") == 0 ? 0 : 2;
}
