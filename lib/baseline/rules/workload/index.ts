import { Rule } from "../../rule";
import { aksAcr01 } from "./aks-acr-01";
import { aksAcr02 } from "./aks-acr-02";
import { aksAcr03 } from "./aks-acr-03";
import { aksAcr04 } from "./aks-acr-04";
import { aksAcr05 } from "./aks-acr-05";
import { aksAcr06 } from "./aks-acr-06";
import { aksAcr07 } from "./aks-acr-07";
import { aksAcr08 } from "./aks-acr-08";
import { aksAcr09 } from "./aks-acr-09";
import { aksAcr10 } from "./aks-acr-10";
import { aksAcr11 } from "./aks-acr-11";
import { aksAcr12 } from "./aks-acr-12";
import { aksAcr13 } from "./aks-acr-13";
import { aksDat05 } from "./aks-dat-05";
import { aksDef01 } from "./aks-def-01";
import { aksDef03 } from "./aks-def-03";
import { aksGov01 } from "./aks-gov-01";
import { aksIam06 } from "./aks-iam-06";
import { aksIam07 } from "./aks-iam-07";
import { aksIam10 } from "./aks-iam-10";
import { aksIam12 } from "./aks-iam-12";
import { aksNet06 } from "./aks-net-06";
import { aksNet17 } from "./aks-net-17";
import { aksNs01 } from "./aks-ns-01";
import { aksNs02 } from "./aks-ns-02";
import { aksNs03 } from "./aks-ns-03";
import { aksNs04 } from "./aks-ns-04";
import { aksNs05 } from "./aks-ns-05";
import { aksPod01 } from "./aks-pod-01";
import { aksSec02 } from "./aks-sec-02";
import { aksSec03 } from "./aks-sec-03";
import { aksSec04 } from "./aks-sec-04";
import { aksSec05 } from "./aks-sec-05";
import { aksSec06 } from "./aks-sec-06";
import { aksSec07 } from "./aks-sec-07";
import { aksSec09 } from "./aks-sec-09";
import { aksTen01 } from "./aks-ten-01";
import { aksTen03 } from "./aks-ten-03";
import { aksTen04 } from "./aks-ten-04";
import { aksTen05 } from "./aks-ten-05";
import { aksTen06 } from "./aks-ten-06";
import { aksTen08 } from "./aks-ten-08";
import { aksTen09 } from "./aks-ten-09";

/** The workload rules, one file per control (lib/baseline/rules/workload/aks-*.ts). */
export const WORKLOAD_RULES: readonly Rule[] = [
  aksAcr01,
  aksAcr02,
  aksAcr03,
  aksAcr04,
  aksAcr05,
  aksAcr06,
  aksAcr07,
  aksAcr08,
  aksAcr09,
  aksAcr10,
  aksAcr11,
  aksAcr12,
  aksAcr13,
  aksDat05,
  aksDef01,
  aksDef03,
  aksGov01,
  aksIam06,
  aksIam07,
  aksIam10,
  aksIam12,
  aksNet06,
  aksNet17,
  aksNs01,
  aksNs02,
  aksNs03,
  aksNs04,
  aksNs05,
  aksPod01,
  aksSec02,
  aksSec03,
  aksSec04,
  aksSec05,
  aksSec06,
  aksSec07,
  aksSec09,
  aksTen01,
  aksTen03,
  aksTen04,
  aksTen05,
  aksTen06,
  aksTen08,
  aksTen09,
];
