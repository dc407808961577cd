# Documentation/checks.md -> one C row a check, { "id", "first paragraph" }:
# the full descriptions of the SARIF rules (sarif.c) are the documentation's
# own words, with one source.
function c_string(s,    out, i, c) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\\" || c == "\"")
			out = out "\\"
		out = out c
	}
	return out
}
function flush() {
	if (id != "" && para != "")
		printf "\t{ \"%s\", \"%s\" },\n", c_string(id), c_string(para)
	id = ""
	para = ""
}
/^## / { flush(); id = substr($0, 4); next }
id == "" { next }
/^[ \t]*$/ { if (para != "") flush(); next }
{ para = para (para == "" ? "" : " ") $0 }
END { flush() }
