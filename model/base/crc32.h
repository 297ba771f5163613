/*
 * crc32.h — CRC-32 as zlib, PNG and Ethernet compute it (private).
 */
#ifndef PRECIS_CRC32_H
#define PRECIS_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* The CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and
 * final XOR 0xFFFFFFFF) of len bytes, continuing from `crc` as zlib's crc32()
 * does: start with 0, feed the running value back in to extend a sum. */
uint32_t px_crc32(uint32_t crc, const void *data, size_t len);

#endif
