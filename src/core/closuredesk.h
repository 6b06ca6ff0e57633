/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one header the app, the CLI and the tests include. */

#pragma once

#include "cd-types.h"
#include "cd-asset.h"
#include "cd-audit.h"
#include "cd-case-info.h"
#include "cd-crypto.h"
#include "cd-csv.h"
#include "cd-customer.h"
#include "cd-deident.h"
#include "cd-demo.h"
#include "cd-demo-files.h"
#include "cd-detect.h"
#include "cd-detect-labels.h"
#include "cd-extract.h"
#include "cd-policy.h"
#include "cd-scan.h"
#include "cd-scan-job.h"
#include "cd-ident.h"
#include "cd-mask.h"
#include "cd-object-list.h"
#include "cd-records-csv.h"
#include "cd-retention.h"
#include "cd-row-model.h"
#include "cd-store.h"
