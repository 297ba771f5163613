/*
 * crc32.c — CRC-32 (IEEE, reflected polynomial 0xEDB88320), byte-wise with a
 * 256-entry table.
 *
 * The table is built on the stack at each call rather than kept in a global:
 * building it costs about 2,000 shifts, nothing beside the megabytes a model
 * file sums, and it keeps the library free of shared state.
 */
#include "base/crc32.h"

static void crc32_table(uint32_t table[256])
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
}

uint32_t px_crc32(uint32_t crc, const void *data, size_t len)
{
    uint32_t table[256];
    crc32_table(table);
    const unsigned char *p = data;
    crc = ~crc;
    for (size_t i = 0; i < len; i++)
        crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}
