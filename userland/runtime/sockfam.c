// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "runtime/sockfam.h"
#include "util/namelist.h"

/*
 * Every family the kernel headers name (AF_UNSPEC aside), as the admin
 * writes it: the AF_ name in lower case. A few have a second, familiar name.
 */
static const struct {
	const char *name;
	int af;
} families[] = {
	{ "unix", AF_UNIX }, { "local", AF_UNIX }, { "inet", AF_INET }, { "ax25", AF_AX25 },
	{ "ipx", AF_IPX }, { "appletalk", AF_APPLETALK }, { "netrom", AF_NETROM },
	{ "bridge", AF_BRIDGE }, { "atmpvc", AF_ATMPVC }, { "x25", AF_X25 },
	{ "inet6", AF_INET6 }, { "rose", AF_ROSE }, { "decnet", AF_DECnet },
	{ "netbeui", AF_NETBEUI }, { "security", AF_SECURITY }, { "key", AF_KEY },
	{ "netlink", AF_NETLINK }, { "packet", AF_PACKET }, { "ash", AF_ASH },
	{ "econet", AF_ECONET }, { "atmsvc", AF_ATMSVC }, { "rds", AF_RDS }, { "sna", AF_SNA },
	{ "irda", AF_IRDA }, { "pppox", AF_PPPOX }, { "wanpipe", AF_WANPIPE }, { "llc", AF_LLC },
	{ "ib", AF_IB }, { "mpls", AF_MPLS }, { "can", AF_CAN }, { "tipc", AF_TIPC },
	{ "bluetooth", AF_BLUETOOTH }, { "iucv", AF_IUCV }, { "rxrpc", AF_RXRPC },
	{ "isdn", AF_ISDN }, { "phonet", AF_PHONET }, { "ieee802154", AF_IEEE802154 },
	{ "caif", AF_CAIF }, { "alg", AF_ALG }, { "nfc", AF_NFC }, { "vsock", AF_VSOCK },
	{ "kcm", AF_KCM }, { "qipcrtr", AF_QIPCRTR }, { "smc", AF_SMC }, { "xdp", AF_XDP },
	{ "mctp", AF_MCTP },
};

#define NR_FAMILIES (sizeof(families) / sizeof(families[0]))
#define SET_BITS (64 * VCTX_SOCKFAM_WORDS)

_Static_assert(AF_MAX <= SET_BITS, "the module's set holds every family");

static void set_bit(struct sockfam_set *s, int af, bool on)
{
	if (on)
		s->fam[af / 64] |= 1ULL << (af % 64);
	else
		s->fam[af / 64] &= ~(1ULL << (af % 64));
}

static bool has_bit(const struct sockfam_set *s, int af)
{
	return s->fam[af / 64] & (1ULL << (af % 64));
}

void sockfam_default(struct sockfam_set *s)
{
	memset(s, 0, sizeof(*s));
	s->fam[0] = VCTX_SOCKFAM_DEFAULT;
}

int sockfam_lookup(const char *name, size_t len)
{
	size_t i;

	if (len > 3 && !strncasecmp(name, "AF_", 3)) {
		name += 3;
		len -= 3;
	}
	for (i = 0; i < NR_FAMILIES; i++)
		if (strlen(families[i].name) == len && !strncasecmp(families[i].name, name, len))
			return families[i].af;
	return -1;
}

const char *sockfam_name(int af)
{
	size_t i;

	for (i = 0; i < NR_FAMILIES; i++)
		if (families[i].af == af)
			return families[i].name;
	return NULL;
}

const char *sockfam_parse(const char *list, struct sockfam_set *s, const char **bad,
			  size_t *badlen)
{
	bool relative, first = true;
	size_t len, pos = 0;
	const char *p;
	int af;

	*bad = list;
	*badlen = 0;
	if (!strcmp(list, "default")) {
		sockfam_default(s);
		return NULL;
	}
	memset(s, 0, sizeof(*s));
	if (!strcmp(list, "none"))
		return NULL;
	if (!*list)
		return "the list is empty (give 'none' for no family at all)";
	relative = *list == '+' || *list == '-';
	if (relative)
		sockfam_default(s);
	while ((p = namelist_next(list, &pos, &len))) {
		*bad = p;
		*badlen = len;
		if (!len)
			return first ? "the list starts with an empty entry" : "the list has an empty entry";
		if ((*p == '+' || *p == '-') != relative)
			return relative ? "give only +name and -name entries (changes to the default), or only names (the whole list)" :
					  "give only names (the whole list), or only +name and -name entries (changes to the default)";
		af = relative ? sockfam_lookup(p + 1, len - 1) : sockfam_lookup(p, len);
		if (af < 0)
			return "unknown socket family";
		set_bit(s, af, !relative || *p == '+');
		first = false;
	}
	return NULL;
}

bool sockfam_equal(const struct sockfam_set *a, const struct sockfam_set *b)
{
	return !memcmp(a->fam, b->fam, sizeof(a->fam));
}

void sockfam_each(const struct sockfam_set *s, void (*fn)(const char *name, void *arg),
		  void *arg)
{
	char other[16];
	const char *name;
	int af;

	for (af = 1; af < (int)SET_BITS; af++) {
		if (!has_bit(s, af))
			continue;
		name = sockfam_name(af);
		if (!name) {
			snprintf(other, sizeof(other), "af%d", af);
			name = other;
		}
		fn(name, arg);
	}
}

void sockfam_format(const struct sockfam_set *s, char *buf, size_t len)
{
	struct namelist_buf b;

	if (!len)
		return;
	namelist_init(&b, buf, len);
	sockfam_each(s, namelist_add, &b);
	namelist_done(&b);
}
