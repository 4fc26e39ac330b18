// SPDX-License-Identifier: GPL-2.0-or-later
/* keelctl bfd: see bfd_show.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bfd_show.h"

char *bfd_show_text(const struct bfd_view *v, size_t n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	for (size_t k = 0; k < n; k++)
		fprintf(f, "%s: %s neighbor %s source %s%s remote %s, tx %.1f ms, detect %.1f ms, "
			   "discr %u/%u, rx %llu tx %llu dropped %llu%s%s\n",
			v[k].name, bfd_state_name(v[k].state), v[k].neighbor, v[k].source,
			v[k].passive ? " passive" : "", bfd_state_name(v[k].remote_state),
			(double)v[k].tx_interval_us / 1000, (double)v[k].detect_us / 1000,
			v[k].local_disc, v[k].remote_disc, (unsigned long long)v[k].rx,
			(unsigned long long)v[k].tx, (unsigned long long)v[k].rx_bad,
			v[k].diag ? ", diag: " : "", v[k].diag ? bfd_diag_name(v[k].diag) : "");
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

void bfd_show_json(struct json_writer *w, const struct bfd_view *v, size_t n)
{
	json_key(w, "sessions");
	json_arr_begin(w);
	for (size_t k = 0; k < n; k++) {
		json_obj_begin(w);
		json_kv_str(w, "name", v[k].name);
		json_kv_str(w, "state", bfd_state_name(v[k].state));
		json_kv_str(w, "remote_state", bfd_state_name(v[k].remote_state));
		json_kv_str(w, "neighbor", v[k].neighbor);
		json_kv_str(w, "source", v[k].source);
		json_kv_bool(w, "passive", v[k].passive);
		json_kv_str(w, "diag", bfd_diag_name(v[k].diag));
		json_kv_int(w, "local_discr", v[k].local_disc);
		json_kv_int(w, "remote_discr", v[k].remote_disc);
		json_kv_int(w, "tx_interval_us", v[k].tx_interval_us);
		json_kv_int(w, "detect_time_us", (int64_t)v[k].detect_us);
		json_kv_int(w, "rx", (int64_t)v[k].rx);
		json_kv_int(w, "tx", (int64_t)v[k].tx);
		json_kv_int(w, "dropped", (int64_t)v[k].rx_bad);
		json_obj_end(w);
	}
	json_arr_end(w);
}
