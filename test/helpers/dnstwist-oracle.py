# Debian's dnstwist as the oracle, without any network: its Fuzzer class and the
# input handling of its run() (dictionary and TLD file filters), for many domains.
import json, re, sys
import dnstwist
dict_file, tld_file = sys.argv[1], sys.argv[2]
with open(dict_file) as f:
    dictionary = [x for x in set(f.read().splitlines()) if x.isalnum()]
with open(tld_file) as f:
    tld = [x for x in set(f.read().splitlines()) if re.match(r'^[a-z0-9-]{2,63}(\.[a-z0-9-]{2,63}){0,1}$', x)]
out = {}
for d in sys.argv[3:]:
    url = dnstwist.UrlParser(d)
    fz = dnstwist.Fuzzer(url.domain, dictionary=dictionary, tld_dictionary=list(tld))
    fz.generate()
    out[d] = [[p['fuzzer'], p['domain']] for p in fz.domains]
print(json.dumps(out))
