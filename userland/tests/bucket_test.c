// SPDX-License-Identifier: GPL-2.0
/*
 * The token bucket's arithmetic (include/vctx/bucket.h), as vctx.ko runs it:
 * fills in whole intervals, charges into debt, the time a level is
 * reached, idle fill, reconfiguration, and no overflow at the extremes.
 */
#include <string.h>

#include <vctx/bucket.h>
#include "kselftest_harness.h"

#define MS 1000000ULL

/* R/T = 1/4, S = 100, M = 25, started full at t = 0. */
static void quarter(struct vctx_bucket *b)
{
	memset(b, 0, sizeof(*b));
	vctx_bucket_set(b, 1, 4, 0, 0, 100, 25, 0, 0);
}

TEST(a_new_bucket_starts_full)
{
	struct vctx_bucket b;

	quarter(&b);
	EXPECT_EQ(100, vctx_bucket_tokens(&b));
	EXPECT_EQ(100 * MS, b.max);
	EXPECT_EQ(25 * MS, b.min);
}

TEST(fill_comes_in_whole_intervals_and_stops_at_the_top)
{
	struct vctx_bucket b;

	quarter(&b);
	vctx_bucket_charge(&b, 60 * MS);
	EXPECT_EQ(40, vctx_bucket_tokens(&b));
	vctx_bucket_fill(&b, 3 * MS);		/* less than one interval */
	EXPECT_EQ(40, vctx_bucket_tokens(&b));
	vctx_bucket_fill(&b, 4 * MS);
	EXPECT_EQ(41, vctx_bucket_tokens(&b));
	vctx_bucket_fill(&b, 41 * MS);		/* 9 more intervals; 1 ms pending */
	EXPECT_EQ(50, vctx_bucket_tokens(&b));
	EXPECT_EQ(40 * MS, b.last_fill);
	vctx_bucket_fill(&b, 1000 * MS);
	EXPECT_EQ(100, vctx_bucket_tokens(&b));
}

TEST(charges_past_empty_are_debt_paid_back_first)
{
	struct vctx_bucket b;

	quarter(&b);
	vctx_bucket_charge(&b, 108 * MS);
	EXPECT_EQ(-8, vctx_bucket_tokens(&b));
	vctx_bucket_charge(&b, MS / 2);
	EXPECT_EQ(-9, vctx_bucket_tokens(&b));	/* rounded down */
	/* Back at M = 25 after 34 tokens: 34 intervals of 4 ms. */
	EXPECT_EQ(34 * 4 * MS, vctx_bucket_when(&b, b.min));
	vctx_bucket_fill(&b, 34 * 4 * MS - 1);
	EXPECT_LT(b.tokens, (int64_t)b.min);
	vctx_bucket_fill(&b, 34 * 4 * MS);
	EXPECT_GE(b.tokens, (int64_t)b.min);
}

TEST(when_a_level_is_there_already)
{
	struct vctx_bucket b;

	quarter(&b);
	EXPECT_EQ(b.last_fill, vctx_bucket_when(&b, b.min));
}

TEST(levels_for_prio_mode)
{
	struct vctx_bucket b;

	quarter(&b);
	EXPECT_EQ(8, vctx_bucket_level(&b, 8));
	vctx_bucket_charge(&b, 50 * MS);
	EXPECT_EQ(4, vctx_bucket_level(&b, 8));
	vctx_bucket_charge(&b, 49 * MS);
	EXPECT_EQ(0, vctx_bucket_level(&b, 8));
	vctx_bucket_charge(&b, 10 * MS);
	EXPECT_EQ(0, vctx_bucket_level(&b, 8));
}

TEST(idle_fill_counts_idle_cpu_time)
{
	struct vctx_bucket b;

	memset(&b, 0, sizeof(b));
	/* R2/T2 = 1/2 on top of 1/4; idle counter at 1000 ms when set. */
	vctx_bucket_set(&b, 1, 4, 1, 2, 100, 25, 0, 1000 * MS);
	vctx_bucket_charge(&b, 100 * MS);
	vctx_bucket_fill_idle(&b, 1011 * MS);	/* 11 ms idle: 5 portions */
	EXPECT_EQ(5, vctx_bucket_tokens(&b));
	vctx_bucket_fill_idle(&b, 1012 * MS);	/* the pending 1 ms + 1 */
	EXPECT_EQ(6, vctx_bucket_tokens(&b));
	/* A counter that restarts lower (hotplug) credits nothing. */
	vctx_bucket_fill_idle(&b, 5 * MS);
	EXPECT_EQ(6, vctx_bucket_tokens(&b));
	vctx_bucket_fill_idle(&b, 7 * MS);
	EXPECT_EQ(7, vctx_bucket_tokens(&b));
}

TEST(reconfiguring_keeps_tokens_and_clamps_to_the_new_size)
{
	struct vctx_bucket b;

	quarter(&b);
	vctx_bucket_charge(&b, 30 * MS);
	vctx_bucket_set(&b, 1, 2, 0, 0, 500, 50, 8 * MS, 0);	/* 2 fills first */
	EXPECT_EQ(72, vctx_bucket_tokens(&b));
	vctx_bucket_set(&b, 1, 2, 0, 0, 10, 5, 8 * MS, 0);
	EXPECT_EQ(10, vctx_bucket_tokens(&b));
}

TEST(no_overflow_at_the_extremes)
{
	struct vctx_bucket b;

	memset(&b, 0, sizeof(b));
	/* The largest parameters the module accepts. */
	vctx_bucket_set(&b, 1000000, 1, 1000000, 1, 3600000, 3600000, 0, 0);
	vctx_bucket_charge(&b, 3600000 * MS);
	vctx_bucket_fill(&b, UINT64_MAX / 2);	/* centuries later */
	EXPECT_EQ(3600000, vctx_bucket_tokens(&b));
	vctx_bucket_fill_idle(&b, UINT64_MAX / 2);
	EXPECT_EQ(3600000, vctx_bucket_tokens(&b));
	/* The smallest: one token an hour. */
	memset(&b, 0, sizeof(b));
	vctx_bucket_set(&b, 1, 3600000, 0, 0, 1, 1, 0, 0);
	vctx_bucket_charge(&b, 2 * MS);
	EXPECT_EQ(-1, vctx_bucket_tokens(&b));
	EXPECT_EQ(2 * 3600000 * MS, vctx_bucket_when(&b, b.min));
}

TEST_HARNESS_MAIN
