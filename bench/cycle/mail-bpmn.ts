/**
 * The incoming-mail flow as BPMN 2.0, for the peer (bpmn-engine): register
 * → user task "triage" → urgent? → (escalate) → user task "reply" → end.
 */
export const mailBpmn = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="incoming-mail-definitions" targetNamespace="http://pauseflow.bench">
  <process id="incomingMail" isExecutable="true">
    <startEvent id="register" />
    <sequenceFlow id="toTriage" sourceRef="register" targetRef="triage" />
    <userTask id="triage" name="Triage mail" />
    <sequenceFlow id="toUrgent" sourceRef="triage" targetRef="isUrgent" />
    <exclusiveGateway id="isUrgent" default="notUrgent" />
    <sequenceFlow id="urgent" sourceRef="isUrgent" targetRef="escalate">
      <conditionExpression xsi:type="tFormalExpression">\${environment.variables.urgent}</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="notUrgent" sourceRef="isUrgent" targetRef="reply" />
    <task id="escalate" name="Escalate to management" />
    <sequenceFlow id="escalated" sourceRef="escalate" targetRef="reply" />
    <userTask id="reply" name="Reply to sender" />
    <sequenceFlow id="toEnd" sourceRef="reply" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;
