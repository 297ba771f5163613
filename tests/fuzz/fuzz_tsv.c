/* fuzz_tsv.c — the TSV corpus reader on arbitrary bytes (see fuzz_reader.h). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader(PRECIS_FORMAT_TSV, data, size);
}
