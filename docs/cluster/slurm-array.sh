#!/usr/bin/env bash
# ccsim as a Slurm job array: each array task runs one shard of the replications.
#
#   sbatch --array=0-9 docs/cluster/slurm-array.sh            # 10 shards
#   sbatch --dependency=afterok:<array job id> docs/cluster/slurm-merge.sh
# or both at once: docs/cluster/slurm-submit.sh
#
# Settings (environment variables, exported to the job by sbatch):
#   CCSIM      the ccsim binary                       (default: ccsim on PATH)
#   SCENARIO   scenario file or bundled name          (default: customer-care-24x7)
#   REPS       replications of the WHOLE run          (default: 10000)
#   SEED       base seed                              (default: 1)
#   PARTS      folder on a shared file system for the part files (default: parts)
#   EXTRA      more flags for `ccsim run`, e.g. "--set agent_groups.team.staffing.constant=14"
#   SHARDS     the shard count N (default: SLURM_ARRAY_TASK_MAX + 1, so number the array 0..N-1);
#              set it when re-running single indices: sbatch --export=ALL,SHARDS=10 --array=7 …
#SBATCH --job-name=ccsim-shard
#SBATCH --array=0-9
#SBATCH --cpus-per-task=4
#SBATCH --mem=2G
#SBATCH --time=01:00:00
#SBATCH --output=ccsim-%A_%a.log
set -euo pipefail

CCSIM=${CCSIM:-ccsim}
SCENARIO=${SCENARIO:-customer-care-24x7}
REPS=${REPS:-10000}
SEED=${SEED:-1}
PARTS=${PARTS:-parts}
K=${SLURM_ARRAY_TASK_ID:?run this script with sbatch --array=0-N}
N=${SHARDS:-$(( ${SLURM_ARRAY_TASK_MAX:?} + 1 ))}

# Same per-replication seeds as an unsharded run: the merged result is identical, byte for byte.
# A task cut short by its time limit gets SIGTERM and still writes its finished replications,
# marked partial (exit code 130); re-run that array index to complete it.
# shellcheck disable=SC2086
"$CCSIM" run "$SCENARIO" \
  --replications "$REPS" --seed "$SEED" \
  --threads "${SLURM_CPUS_PER_TASK:-1}" \
  --shard "$K/$N" --out "$PARTS" --quiet ${EXTRA:-}
