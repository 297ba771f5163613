/*
 * crc32.c — CRC-32 (IEEE, reflected polynomial 0xEDB88320), by zlib.
 *
 * zlib's crc32_z reads several bytes per step; the byte-at-a-time table this
 * replaced was a seventh of a precis-infer run on one article (checking a
 * 1.6 MB model's sections at each load).
 */
#include "base/crc32.h"

#include <zlib.h>

uint32_t px_crc32(uint32_t crc, const void *data, size_t len)
{
    return (uint32_t)crc32_z(crc, data, len);
}
