/** Target namespace of the iOffice edoc service (contract ioffice-soap.md, "WSDL shape"). */
export const EDOC_NAMESPACE = 'urn:vnpt:ioffice:edoc:v1';

/** The five operations of the contract, in contract order. */
export const EDOC_OPERATIONS = ['SendEdoc', 'GetSentEdocList', 'GetReceivedEdocList', 'GetEdoc', 'UpdateStatus'] as const;
export type EdocOperation = (typeof EDOC_OPERATIONS)[number];

/** Path of the SOAP endpoint; the WSDL is served at `<endpoint>?wsdl`. */
export const EDOC_PATH = '/EdocService';

/** soapAction of an operation: `urn:vnpt:ioffice:edoc:v1#<Operation>`. */
export function soapActionOf(operation: EdocOperation): string {
  return `${EDOC_NAMESPACE}#${operation}`;
}

/**
 * The hand-written WSDL 1.1 of the contract: document/literal wrapped, one request element `<Operation>`
 * and one response element `<Operation>Response` per operation, list responses as repeated `item`.
 * `location` is the endpoint URL written into `soap:address`.
 */
export function buildEdocWsdl(location: string): string {
  const operations = EDOC_OPERATIONS;
  const messages = operations
    .map(
      (op) => `
  <wsdl:message name="${op}Request"><wsdl:part name="parameters" element="tns:${op}"/></wsdl:message>
  <wsdl:message name="${op}ResponseMessage"><wsdl:part name="parameters" element="tns:${op}Response"/></wsdl:message>`,
    )
    .join('');
  const portOps = operations
    .map(
      (op) => `
    <wsdl:operation name="${op}">
      <wsdl:input message="tns:${op}Request"/>
      <wsdl:output message="tns:${op}ResponseMessage"/>
    </wsdl:operation>`,
    )
    .join('');
  const bindingOps = operations
    .map(
      (op) => `
    <wsdl:operation name="${op}">
      <soap:operation soapAction="${soapActionOf(op)}" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions name="EdocService" targetNamespace="${EDOC_NAMESPACE}"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="${EDOC_NAMESPACE}">
  <wsdl:types>
    <xsd:schema targetNamespace="${EDOC_NAMESPACE}" elementFormDefault="qualified">
      <xsd:simpleType name="MessageType">
        <xsd:restriction base="xsd:string">
          <xsd:enumeration value="edoc"/>
          <xsd:enumeration value="status"/>
        </xsd:restriction>
      </xsd:simpleType>
      <xsd:simpleType name="AckStatus">
        <xsd:restriction base="xsd:string">
          <xsd:enumeration value="done"/>
          <xsd:enumeration value="fail"/>
        </xsd:restriction>
      </xsd:simpleType>
      <xsd:complexType name="SentEdoc">
        <xsd:sequence>
          <xsd:element name="docId" type="xsd:string"/>
          <xsd:element name="documentId" type="xsd:string"/>
          <xsd:element name="toOrganId" type="xsd:string"/>
          <xsd:element name="sentAt" type="xsd:dateTime"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="ReceivedEdoc">
        <xsd:sequence>
          <xsd:element name="docId" type="xsd:string"/>
          <xsd:element name="fromOrganId" type="xsd:string"/>
          <xsd:element name="messageType" type="tns:MessageType"/>
          <xsd:element name="receivedAt" type="xsd:dateTime"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="UpdateStatusResponse">
        <xsd:sequence>
          <xsd:element name="ok" type="xsd:boolean"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="SendEdoc">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="fromOrganId" type="xsd:string"/>
            <xsd:element name="toOrganId" type="xsd:string"/>
            <xsd:element name="messageType" type="tns:MessageType"/>
            <xsd:element name="edxml" type="xsd:base64Binary"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="SendEdocResponse">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="docId" type="xsd:string"/>
            <xsd:element name="receivedAt" type="xsd:dateTime"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="GetSentEdocList">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="fromOrganId" type="xsd:string"/>
            <xsd:element name="since" type="xsd:dateTime"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="GetSentEdocListResponse">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="item" type="tns:SentEdoc" minOccurs="0" maxOccurs="unbounded"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="GetReceivedEdocList">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="organId" type="xsd:string"/>
            <xsd:element name="maxItems" type="xsd:int" minOccurs="0"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="GetReceivedEdocListResponse">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="item" type="tns:ReceivedEdoc" minOccurs="0" maxOccurs="unbounded"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="GetEdoc">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="docId" type="xsd:string"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="GetEdocResponse">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="edxml" type="xsd:base64Binary"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="UpdateStatus">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="docId" type="xsd:string"/>
            <xsd:element name="status" type="tns:AckStatus"/>
            <xsd:element name="note" type="xsd:string" minOccurs="0"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="UpdateStatusResponse" type="tns:UpdateStatusResponse"/>
    </xsd:schema>
  </wsdl:types>${messages}
  <wsdl:portType name="EdocPortType">${portOps}
  </wsdl:portType>
  <wsdl:binding name="EdocBinding" type="tns:EdocPortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOps}
  </wsdl:binding>
  <wsdl:service name="EdocService">
    <wsdl:port name="EdocPort" binding="tns:EdocBinding">
      <soap:address location="${escapeAttribute(location)}"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
