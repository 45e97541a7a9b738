"""Names of the ``project_info`` facts that coder copies and merges keep (no imports: the service
modules read these names too)."""

# In a coder copy: the master's project id, the coder it was made for (the coder's id), when it was
# made, and the coder's claims it started with ({claim id: updated time as stored}).
MASTER_PROJECT_ID = "master_project_id"
CODER_COPY_FOR = "coder_copy_for"
CODER_COPY_MADE_AT = "coder_copy_made_at"
CODER_COPY_BASELINE = "coder_copy_baseline"
MASTER_NAME = "master_name"

# In the master: what a merge of one coder copy brought, so that merging a newer version of the same
# copy can tell claims the coder deleted from claims the lead added or edited. One key per copy:
# MERGED_PREFIX + the copy's project id.
MERGED_PREFIX = "merged_copy:"
