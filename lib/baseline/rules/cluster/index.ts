import { Rule } from "../../rule";
import { aksClu01 } from "./aks-clu-01";
import { aksClu02 } from "./aks-clu-02";
import { aksClu03 } from "./aks-clu-03";
import { aksClu04 } from "./aks-clu-04";
import { aksClu05 } from "./aks-clu-05";
import { aksClu07 } from "./aks-clu-07";
import { aksClu08 } from "./aks-clu-08";
import { aksDat01 } from "./aks-dat-01";
import { aksDat02 } from "./aks-dat-02";
import { aksDat03 } from "./aks-dat-03";
import { aksDat04 } from "./aks-dat-04";
import { aksDef02 } from "./aks-def-02";
import { aksIam01 } from "./aks-iam-01";
import { aksIam02 } from "./aks-iam-02";
import { aksIam03 } from "./aks-iam-03";
import { aksIam04 } from "./aks-iam-04";
import { aksIam05 } from "./aks-iam-05";
import { aksIam08 } from "./aks-iam-08";
import { aksIam09 } from "./aks-iam-09";
import { aksIam11 } from "./aks-iam-11";
import { aksIam13 } from "./aks-iam-13";
import { aksLog01 } from "./aks-log-01";
import { aksLog02 } from "./aks-log-02";
import { aksNet01 } from "./aks-net-01";
import { aksNet02 } from "./aks-net-02";
import { aksNet03 } from "./aks-net-03";
import { aksNet04 } from "./aks-net-04";
import { aksNet05 } from "./aks-net-05";
import { aksNet07 } from "./aks-net-07";
import { aksNet08 } from "./aks-net-08";
import { aksNet09 } from "./aks-net-09";
import { aksNet10 } from "./aks-net-10";
import { aksNet11 } from "./aks-net-11";
import { aksNet12 } from "./aks-net-12";
import { aksNet14 } from "./aks-net-14";
import { aksNet15 } from "./aks-net-15";
import { aksNet16 } from "./aks-net-16";
import { aksPod02 } from "./aks-pod-02";
import { aksPod03 } from "./aks-pod-03";
import { aksPod04 } from "./aks-pod-04";
import { aksPod05 } from "./aks-pod-05";
import { aksPod06 } from "./aks-pod-06";
import { aksPod07 } from "./aks-pod-07";
import { aksPod08 } from "./aks-pod-08";
import { aksPod09 } from "./aks-pod-09";
import { aksPod10 } from "./aks-pod-10";
import { aksSec01 } from "./aks-sec-01";

/** The cluster rules, one file per control (lib/baseline/rules/cluster/aks-*.ts). */
export const CLUSTER_RULES: readonly Rule[] = [
  aksClu01,
  aksClu02,
  aksClu03,
  aksClu04,
  aksClu05,
  aksClu07,
  aksClu08,
  aksDat01,
  aksDat02,
  aksDat03,
  aksDat04,
  aksDef02,
  aksIam01,
  aksIam02,
  aksIam03,
  aksIam04,
  aksIam05,
  aksIam08,
  aksIam09,
  aksIam11,
  aksIam13,
  aksLog01,
  aksLog02,
  aksNet01,
  aksNet02,
  aksNet03,
  aksNet04,
  aksNet05,
  aksNet07,
  aksNet08,
  aksNet09,
  aksNet10,
  aksNet11,
  aksNet12,
  aksNet14,
  aksNet15,
  aksNet16,
  aksPod02,
  aksPod03,
  aksPod04,
  aksPod05,
  aksPod06,
  aksPod07,
  aksPod08,
  aksPod09,
  aksPod10,
  aksSec01,
];
