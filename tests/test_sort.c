/* test_sort.c — the radix sort of words by a range of their bits and the
 * term sort give exactly what qsort gives (stable for equal keys; strcmp order for terms),
 * on sizes around the insertion-sort cut-off, keys of every width, and terms
 * that share long prefixes or hold bytes above 0x7F. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "precis.h"
#include "base/sort.h"

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Words of a key above bit 32 and the original position below: sorting by
 * the key bits alone, stably, is sorting the whole words. */
static void check_u64(size_t n, unsigned bits, uint64_t distinct)
{
    uint64_t *a = malloc((n + 1) * sizeof *a), *want = malloc((n + 1) * sizeof *a);
    uint64_t *tmp = malloc((n + 1) * sizeof *a);
    uint64_t mask = (1ULL << bits) - 1;
    for (size_t i = 0; i < n; i++)
        a[i] = (((next_random() % distinct) * 0x9E3779B97F4A7C15ULL) & mask) << 32 | i;
    memcpy(want, a, n * sizeof *a);
    qsort(want, n, sizeof *want, by_u64);
    px_sort_u64(a, tmp, n, 32, 32 + bits);
    ck_assert_msg(n == 0 || memcmp(a, want, n * sizeof *a) == 0, "n %zu bits %u", n, bits);
    free(a);
    free(want);
    free(tmp);
}

START_TEST(test_u64_sort_by_high_bits_is_stable)
{
    size_t sizes[] = {0, 1, 2, 24, 25, 300, 70000};
    unsigned widths[] = {1, 8, 9, 17, 31, 32};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
            check_u64(sizes[s], widths[w], 3);
            check_u64(sizes[s], widths[w], 1u << 20);
        }
}
END_TEST

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

START_TEST(test_u32_sort_as_qsort)
{
    size_t sizes[] = {0, 1, 2, 24, 25, 300, 70000};
    unsigned widths[] = {1, 7, 8, 9, 16, 17, 31, 32};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
            size_t n = sizes[s];
            uint32_t *a = malloc((n + 1) * sizeof *a), *want = malloc((n + 1) * sizeof *a);
            uint32_t *tmp = malloc((n + 1) * sizeof *a);
            uint64_t mask = widths[w] == 32 ? 0xFFFFFFFFu : (1u << widths[w]) - 1;
            for (size_t i = 0; i < n; i++)
                a[i] = (uint32_t)(next_random() & mask);
            memcpy(want, a, n * sizeof *a);
            qsort(want, n, sizeof *want, by_u32);
            px_sort_u32(a, tmp, n, widths[w]);
            ck_assert_msg(n == 0 || memcmp(a, want, n * sizeof *a) == 0, "n %zu bits %u", n,
                          widths[w]);
            free(a);
            free(want);
            free(tmp);
        }
}
END_TEST

START_TEST(test_bits_for)
{
    ck_assert_uint_eq(px_bits_for(0), 0);
    ck_assert_uint_eq(px_bits_for(1), 1);
    ck_assert_uint_eq(px_bits_for(255), 8);
    ck_assert_uint_eq(px_bits_for(256), 9);
    ck_assert_uint_eq(px_bits_for(~0ULL), 64);
}
END_TEST

static int by_strcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* n distinct terms over a small alphabet (so prefixes are shared), lengths
 * 1..20, some bytes above 0x7F (strcmp compares them as unsigned). */
static char **make_terms(size_t n)
{
    static const char alphabet[] = {'a', 'b', 'z', '0', '_', ' ', '\x7f', '\xc3', '\xa9', '\xff'};
    char **t = malloc(n * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        char buf[32];
        size_t len = 1 + next_random() % 20;
        for (size_t k = 0; k < len; k++)
            buf[k] = alphabet[next_random() % (i % 3 == 0 ? 2 : sizeof alphabet)];
        /* a unique tail keeps the terms distinct without changing most prefixes */
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%zx", i);
        t[i] = px_strndup(buf, len);
    }
    return t;
}

START_TEST(test_terms_sort_in_strcmp_order)
{
    size_t sizes[] = {0, 1, 2, 30, 5000};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        char **terms = make_terms(n);
        size_t *order = malloc((n + 1) * sizeof *order);
        ck_assert_int_eq(px_sort_terms((const char *const *)terms, n, order), PRECIS_OK);
        char **want = malloc((n + 1) * sizeof *want);
        memcpy(want, terms, n * sizeof *want);
        qsort(want, n, sizeof *want, by_strcmp);
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(terms[order[i]] == want[i], "n %zu: position %zu holds \"%s\", not \"%s\"",
                          n, i, terms[order[i]], want[i]);
        for (size_t i = 0; i < n; i++)
            px_free(terms[i]);
        free(terms);
        free(want);
        free(order);
    }
}
END_TEST

START_TEST(test_prefix_orders_as_strcmp)
{
    static const char *const t[] = {"", "a", "a ", "ab", "abcdefgh", "abcdefghi", "abcdefgi",
                                    "b", "\x7f", "\xc3\xa9", "\xff"};
    size_t n = sizeof t / sizeof *t;
    for (size_t i = 0; i + 1 < n; i++)
        ck_assert_msg(px_term_prefix(t[i]) <= px_term_prefix(t[i + 1]), "prefix of \"%s\" > \"%s\"",
                      t[i], t[i + 1]);
    ck_assert(px_term_prefix("abcdefgh") == px_term_prefix("abcdefghi"));
    ck_assert(px_term_prefix("a") < px_term_prefix("a "));
}
END_TEST

START_TEST(test_terms_sort_out_of_memory)
{
    const char *const t[] = {"b", "a"};
    size_t order[2];
    px_alloc_fail_after(1, 0);
    ck_assert_int_eq(px_sort_terms(t, 2, order), PRECIS_ERR_NOMEM);
    px_alloc_fail_after(2, 0);
    ck_assert_int_eq(px_sort_terms(t, 2, order), PRECIS_ERR_NOMEM);
    px_alloc_fail_after(0, 0);
    ck_assert_int_eq(px_sort_terms(t, 2, order), PRECIS_OK);
    ck_assert_uint_eq(order[0], 1);
    ck_assert_uint_eq(order[1], 0);
}
END_TEST

static Suite *sort_suite(void)
{
    Suite *s = suite_create("sort");
    TCase *tc = tcase_create("sort");
    tcase_add_test(tc, test_u64_sort_by_high_bits_is_stable);
    tcase_add_test(tc, test_u32_sort_as_qsort);
    tcase_add_test(tc, test_bits_for);
    tcase_add_test(tc, test_terms_sort_in_strcmp_order);
    tcase_add_test(tc, test_prefix_orders_as_strcmp);
    tcase_add_test(tc, test_terms_sort_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sort_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
